using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Proxy.Filters.AccessLog;

namespace Proxy.Filters.Formatting;

/// <summary>
/// A parsed access log format (Envoy's Formatter): <see cref="SubstitutionFormatter"/> for format strings,
/// <see cref="JsonFormatter"/> for format dictionaries. Parsed once at config time, used concurrently by
/// every request; formatting reuses a per-thread buffer, so only the output itself is allocated.
/// </summary>
public abstract class Formatter
{
    private protected Formatter()
    {
    }

    /// <summary>Formats one entry. <paramref name="http"/> is null for TCP streams.</summary>
    public string Format(StreamInfo.StreamInfo info, HttpContext? http = null, AccessLogType logType = AccessLogType.NotSet, string? localReplyBody = null)
    {
        var buffer = LogBuffer.Rent();
        try
        {
            FormatTo(new FormatContext(info, http, logType, localReplyBody, typedJson: false), buffer);
            return buffer.ToString();
        }
        finally
        {
            LogBuffer.Return(buffer);
        }
    }

    /// <summary>Formats one entry into <paramref name="writer"/> without building a string.</summary>
    public void Format(TextWriter writer, StreamInfo.StreamInfo info, HttpContext? http = null, AccessLogType logType = AccessLogType.NotSet, string? localReplyBody = null)
    {
        var buffer = LogBuffer.Rent();
        try
        {
            FormatTo(new FormatContext(info, http, logType, localReplyBody, typedJson: false), buffer);
            writer.Write(buffer.Span);
        }
        finally
        {
            LogBuffer.Return(buffer);
        }
    }

    /// <summary>Formats one entry as UTF-8 into <paramref name="output"/>; returns the number of bytes written.</summary>
    public long FormatUtf8(IBufferWriter<byte> output, StreamInfo.StreamInfo info, HttpContext? http = null, AccessLogType logType = AccessLogType.NotSet, string? localReplyBody = null)
    {
        var buffer = LogBuffer.Rent();
        try
        {
            FormatTo(new FormatContext(info, http, logType, localReplyBody, typedJson: false), buffer);
            return Encoding.UTF8.GetBytes(buffer.Span, output);
        }
        finally
        {
            LogBuffer.Return(buffer);
        }
    }

    internal abstract void FormatTo(in FormatContext context, LogBuffer output);
}
