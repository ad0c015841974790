using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Proxy.Filters.AccessLog.Files;
using Proxy.Filters.AccessLog.Filters;
using Proxy.Filters.Formatting;

namespace Proxy.Filters.AccessLog;

/// <summary>
/// The file, stdout and stderr access loggers: filter, format, append the UTF-8 line to the shared
/// <see cref="AccessLogFile"/>. The line is formatted and encoded outside any lock; only the append is locked.
/// </summary>
public sealed class FormattedAccessLogger : IAccessLogger
{
    private const int StackLimit = 1024;

    public FormattedAccessLogger(IAccessLogFilter? filter, LogFormat format, AccessLogFile file)
    {
        Filter = filter;
        Format = format;
        File = file;
    }

    public IAccessLogFilter? Filter { get; }

    public LogFormat Format { get; }

    public AccessLogFile File { get; }

    public void Log(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type)
    {
        if (Filter is not null && !Filter.Evaluate(info, http, type))
        {
            return;
        }

        var line = LogBuffer.Rent();
        try
        {
            Format.Formatter.FormatTo(new FormatContext(info, http, type, localReplyBody: null, typedJson: false), line);
            var chars = line.Span;
            var maxBytes = Encoding.UTF8.GetMaxByteCount(chars.Length);
            if (maxBytes <= StackLimit)
            {
                Span<byte> bytes = stackalloc byte[StackLimit];
                var written = Encoding.UTF8.GetBytes(chars, bytes);
                File.Write(bytes[..written]);
            }
            else
            {
                var rented = ArrayPool<byte>.Shared.Rent(maxBytes);
                var written = Encoding.UTF8.GetBytes(chars, rented);
                File.Write(rented.AsSpan(0, written));
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        finally
        {
            LogBuffer.Return(line);
        }
    }
}
