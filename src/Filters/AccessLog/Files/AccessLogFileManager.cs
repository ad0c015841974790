using System.Collections.Concurrent;
using Proxy.Filters.Extensions;
using Proxy.Filters.Stats;

namespace Proxy.Filters.AccessLog.Files;

/// <summary>
/// Envoy's AccessLogManager: one <see cref="AccessLogFile"/> per path however many loggers write to it, plus
/// stdout and stderr. Created once per server with the <c>--file-flush-interval-msec</c> value; owns the files.
/// </summary>
public sealed class AccessLogFileManager : IDisposable
{
    /// <summary>Envoy's default <c>--file-flush-interval-msec</c>.</summary>
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, AccessLogFile> _files = new(StringComparer.Ordinal);
    private readonly object _createGate = new();
    private readonly AccessLogFileStats _stats;
    private readonly Stream _stdout;
    private readonly Stream _stderr;

    /// <param name="stdout">Where StdoutAccessLog and the path /dev/stdout write (default: the process's stdout).</param>
    /// <param name="stderr">Where StderrAccessLog and the path /dev/stderr write (default: the process's stderr).</param>
    public AccessLogFileManager(
        TimeProvider? clock = null,
        TimeSpan? flushInterval = null,
        IStatsScope? stats = null,
        Stream? stdout = null,
        Stream? stderr = null)
    {
        Clock = clock ?? TimeProvider.System;
        FlushInterval = flushInterval ?? DefaultFlushInterval;
        if (FlushInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(flushInterval), "the file flush interval must be positive");
        }

        _stats = new AccessLogFileStats(stats);
        _stdout = stdout ?? Console.OpenStandardOutput();
        _stderr = stderr ?? Console.OpenStandardError();
    }

    public TimeProvider Clock { get; }

    /// <summary><c>--file-flush-interval-msec</c>: how long an entry may wait in a buffer below 64 KiB.</summary>
    public TimeSpan FlushInterval { get; }

    /// <summary>
    /// The shared file for <paramref name="path"/>, opened for append (created if missing) on first use.
    /// "/dev/stdout" and "/dev/stderr" are the process's standard streams (as Istio configures them).
    /// Throws <see cref="ConfigException"/> when the file cannot be opened, as Envoy refuses such a config.
    /// </summary>
    public AccessLogFile GetOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (_files.TryGetValue(path, out var existing))
        {
            return existing;
        }

        lock (_createGate)
        {
            if (_files.TryGetValue(path, out existing))
            {
                return existing;
            }

            var file = path switch
            {
                "/dev/stdout" => new AccessLogFile(path, () => _stdout, ownsStream: false, Clock, FlushInterval, _stats),
                "/dev/stderr" => new AccessLogFile(path, () => _stderr, ownsStream: false, Clock, FlushInterval, _stats),
                _ => OpenFile(path),
            };
            _files[path] = file;
            return file;
        }
    }

    public AccessLogFile Stdout() => GetOrCreate("/dev/stdout");

    public AccessLogFile Stderr() => GetOrCreate("/dev/stderr");

    /// <summary>Admin <c>/reopen_logs</c> (and SIGUSR1): every file is reopened at its next flush.</summary>
    public void ReopenAll()
    {
        foreach (var file in _files.Values)
        {
            file.Reopen();
        }
    }

    /// <summary>Writes every buffer now (shutdown, hot restart).</summary>
    public void FlushAll()
    {
        foreach (var file in _files.Values)
        {
            file.Flush();
        }
    }

    public void Dispose()
    {
        foreach (var file in _files.Values)
        {
            file.Dispose();
        }

        _files.Clear();
    }

    private AccessLogFile OpenFile(string path)
    {
        Stream Open() => new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);

        try
        {
            return new AccessLogFile(path, Open, ownsStream: true, Clock, FlushInterval, _stats);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ConfigException($"unable to open file '{path}': {e.Message}", e);
        }
    }
}
