using System.Text;

namespace Proxy.Logging;

/// <summary>
/// Where application log lines go: stderr by default, or the file named by <c>--log-path</c> (opened for
/// append, created if missing). One line per event, written and flushed under a lock so lines from several
/// threads never interleave.
/// </summary>
public sealed class LogSink : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly Lock _gate = new();

    public LogSink(TextWriter writer, bool ownsWriter = false)
    {
        _writer = writer;
        _ownsWriter = ownsWriter;
    }

    /// <summary>The process's standard error.</summary>
    public static LogSink StandardError() => new(Console.Error);

    /// <summary>Appends to <paramref name="path"/>; the file is shared so it can be tailed or rotated by copy.</summary>
    public static LogSink ForPath(string path)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        return new LogSink(new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)), ownsWriter: true);
    }

    public void WriteLine(string line)
    {
        lock (_gate)
        {
            _writer.Write(line);
            _writer.Write('\n');
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        if (_ownsWriter)
        {
            lock (_gate)
            {
                _writer.Dispose();
            }
        }
    }
}
