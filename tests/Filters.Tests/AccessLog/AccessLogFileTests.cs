using System.Text;
using Proxy.Filters.AccessLog.Files;
using Proxy.Filters.Extensions;
using Proxy.Filters.Tests.Support;

namespace Proxy.Filters.Tests.AccessLog;

public sealed class AccessLogFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("accesslog-").FullName;
    private readonly ManualTimeProvider _clock = new();
    private readonly TestStatsScope _stats = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EntriesWaitInMemoryUntilTheFlushTimer()
    {
        using var files = new AccessLogFileManager(_clock, TimeSpan.FromSeconds(1), _stats);
        var path = Path.Combine(_dir, "access.log");
        var file = files.GetOrCreate(path);

        file.Write("one\n"u8);
        file.Write("two\n"u8);
        Assert.Equal(string.Empty, File.ReadAllText(path));
        Assert.Equal(8, _stats.Gauge("access_log_file.write_total_buffered").Value);

        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(string.Empty, File.ReadAllText(path));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("one\ntwo\n", File.ReadAllText(path));
        Assert.Equal(2UL, _stats.Counter("access_log_file.write_buffered").Value);
        Assert.Equal(1UL, _stats.Counter("access_log_file.write_completed").Value);
        Assert.Equal(1UL, _stats.Counter("access_log_file.flushed_by_timer").Value);
        Assert.Equal(0, _stats.Gauge("access_log_file.write_total_buffered").Value);
    }

    [Fact]
    public void FilesAppendToWhatIsAlreadyThere()
    {
        var path = Path.Combine(_dir, "access.log");
        File.WriteAllText(path, "old\n");
        using var files = new AccessLogFileManager(_clock, TimeSpan.FromSeconds(1));

        files.GetOrCreate(path).Write("new\n"u8);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("old\nnew\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task A64KiBBufferIsFlushedInTheBackgroundWithoutTheTimer()
    {
        using var files = new AccessLogFileManager(_clock, TimeSpan.FromHours(1));
        var path = Path.Combine(_dir, "big.log");
        var file = files.GetOrCreate(path);
        var line = Encoding.ASCII.GetBytes(new string('x', 1023) + "\n");

        for (var i = 0; i < 63; i++)
        {
            file.Write(line);
        }

        Assert.Same(Task.CompletedTask, file.LastFlush);
        file.Write(line);
        await file.LastFlush;

        Assert.Equal(64 * 1024, new FileInfo(path).Length);
    }

    [Fact]
    public void LoggersOfOnePathShareOneFile()
    {
        using var files = new AccessLogFileManager(_clock, TimeSpan.FromSeconds(1));
        var path = Path.Combine(_dir, "shared.log");

        var first = files.GetOrCreate(path);
        var second = files.GetOrCreate(path);
        first.Write("a\n"u8);
        second.Write("b\n"u8);
        first.Write("c\n"u8);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Same(first, second);
        Assert.Equal("a\nb\nc\n", File.ReadAllText(path));
        Assert.Equal(1, _clock.ActiveTimers);
    }

    [Fact]
    public void ReopenStartsANewFileAfterRotation()
    {
        using var files = new AccessLogFileManager(_clock, TimeSpan.FromSeconds(1), _stats);
        var path = Path.Combine(_dir, "rotate.log");
        var file = files.GetOrCreate(path);
        file.Write("before\n"u8);
        _clock.Advance(TimeSpan.FromSeconds(1));

        File.Move(path, path + ".1");
        file.Write("after\n"u8);
        files.ReopenAll();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("before\n", File.ReadAllText(path + ".1"));
        Assert.Equal("after\n", File.ReadAllText(path));
        Assert.Equal(0UL, _stats.Counter("access_log_file.reopen_failed").Value);
    }

    [Fact]
    public void WithoutReopenARotatedFileKeepsReceivingEntries()
    {
        using var files = new AccessLogFileManager(_clock, TimeSpan.FromSeconds(1));
        var path = Path.Combine(_dir, "rotate.log");
        var file = files.GetOrCreate(path);
        file.Write("before\n"u8);
        _clock.Advance(TimeSpan.FromSeconds(1));

        File.Move(path, path + ".1");
        file.Write("after\n"u8);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("before\nafter\n", File.ReadAllText(path + ".1"));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void DisposeFlushesAndStopsTheTimer()
    {
        var files = new AccessLogFileManager(_clock, TimeSpan.FromSeconds(1));
        var path = Path.Combine(_dir, "dispose.log");
        var file = files.GetOrCreate(path);
        file.Write("last\n"u8);

        files.Dispose();
        file.Write("ignored\n"u8);
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("last\n", File.ReadAllText(path));
        Assert.Equal(0, _clock.ActiveTimers);
    }

    [Fact]
    public void FlushAllWritesImmediately()
    {
        using var files = new AccessLogFileManager(_clock, TimeSpan.FromSeconds(10));
        var path = Path.Combine(_dir, "flush.log");
        files.GetOrCreate(path).Write("now\n"u8);

        files.FlushAll();

        Assert.Equal("now\n", File.ReadAllText(path));
    }

    [Fact]
    public void DevStdoutAndStderrAreTheInjectedStandardStreams()
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        using var files = new AccessLogFileManager(_clock, TimeSpan.FromSeconds(1), stdout: stdout, stderr: stderr);

        files.GetOrCreate("/dev/stdout").Write("out\n"u8);
        files.Stderr().Write("err\n"u8);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Same(files.Stdout(), files.GetOrCreate("/dev/stdout"));
        Assert.Equal("out\n", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("err\n", Encoding.UTF8.GetString(stderr.ToArray()));

        files.ReopenAll();
        files.Stdout().Write("still\n"u8);
        files.Dispose();
        Assert.True(stdout.CanWrite, "the process's stdout must outlive the access log files");
        Assert.Equal("out\nstill\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public void AFileThatCannotBeReopenedIsCountedAndRetried()
    {
        using var files = new AccessLogFileManager(_clock, TimeSpan.FromSeconds(1), _stats);
        var dir = Path.Combine(_dir, "logs");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "access.log");
        var file = files.GetOrCreate(path);

        Directory.Delete(dir, recursive: true);
        file.Write("lost\n"u8);
        files.ReopenAll();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1UL, _stats.Counter("access_log_file.reopen_failed").Value);
        Assert.Equal(1UL, _stats.Counter("access_log_file.write_failed").Value);

        Directory.CreateDirectory(dir);
        file.Write("back\n"u8);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("back\n", File.ReadAllText(path));
    }

    [Fact]
    public void AFileThatCannotBeOpenedIsAConfigError()
    {
        using var files = new AccessLogFileManager(_clock);
        var path = Path.Combine(_dir, "missing-dir", "access.log");

        var e = Assert.Throws<ConfigException>(() => files.GetOrCreate(path));

        Assert.StartsWith($"unable to open file '{path}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntriesBeyondTheBufferLimitAreDroppedWhileTheDiskIsStuck()
    {
        var stuck = new StuckStream();
        using var files = new AccessLogFileManager(_clock, TimeSpan.FromSeconds(1), stdout: stuck);
        var file = files.Stdout();
        var line = new byte[64 * 1024];

        file.Write(line);
        await stuck.WriteStarted.Task;
        for (var i = 0; i < AccessLogFile.MaxBufferedBytes / line.Length; i++)
        {
            file.Write(line);
        }

        Assert.Equal(0, file.DroppedEntries);
        file.Write(line);
        Assert.Equal(1, file.DroppedEntries);

        stuck.Release.SetResult();
        await file.LastFlush;
        file.Flush();
        Assert.Equal(AccessLogFile.MaxBufferedBytes + line.Length, stuck.Length);
    }

    /// <summary>A stream whose first write blocks until the test releases it, like a disk that stopped answering.</summary>
    private sealed class StuckStream : MemoryStream
    {
        public TaskCompletionSource WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Write(byte[] buffer, int offset, int count)
        {
            WriteStarted.TrySetResult();
            Release.Task.Wait();
            base.Write(buffer, offset, count);
        }
    }
}
