using Proxy.Filters.Stats;

namespace Proxy.Filters.AccessLog.Files;

/// <summary>Envoy's <c>access_log_file.*</c> server stats, shared by all access log files.</summary>
internal sealed class AccessLogFileStats
{
    public AccessLogFileStats(IStatsScope? scope)
    {
        WriteBuffered = scope?.Counter("access_log_file.write_buffered") ?? new Counter("access_log_file.write_buffered");
        WriteCompleted = scope?.Counter("access_log_file.write_completed") ?? new Counter("access_log_file.write_completed");
        WriteFailed = scope?.Counter("access_log_file.write_failed") ?? new Counter("access_log_file.write_failed");
        FlushedByTimer = scope?.Counter("access_log_file.flushed_by_timer") ?? new Counter("access_log_file.flushed_by_timer");
        ReopenFailed = scope?.Counter("access_log_file.reopen_failed") ?? new Counter("access_log_file.reopen_failed");
        WriteTotalBuffered = scope?.Gauge("access_log_file.write_total_buffered") ?? new Gauge("access_log_file.write_total_buffered");
    }

    /// <summary>Entries appended to a buffer.</summary>
    public Counter WriteBuffered { get; }

    /// <summary>Buffers written to their file.</summary>
    public Counter WriteCompleted { get; }

    public Counter WriteFailed { get; }

    public Counter FlushedByTimer { get; }

    public Counter ReopenFailed { get; }

    /// <summary>Bytes waiting in buffers.</summary>
    public Gauge WriteTotalBuffered { get; }
}
