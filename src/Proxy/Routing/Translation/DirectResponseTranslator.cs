using System.Text;
using Proxy.Routing.Actions;
using Pb = Envoy.Config.Route.V3;
using DataSource = Envoy.Config.Core.V3.DataSource;

namespace Proxy.Routing.Translation;

/// <summary>
/// Route.direct_response into <see cref="DirectResponseAction"/>; the body is loaded now, as Envoy's
/// <c>ConfigUtility::parseDirectResponseBody</c>, and must fit max_direct_response_body_size_bytes.
/// </summary>
internal static class DirectResponseTranslator
{
    public static DirectResponseAction Translate(Pb.DirectResponseAction response, string at, RouteTranslationScope scope)
    {
        if (response.Status is < 200 or >= 600)
        {
            throw ProtoValues.Error(at + ".status", $"{response.Status} is not in [200, 600)");
        }

        byte[] body = response.Body is { } source ? Load(source, at + ".body", scope) : [];
        return new DirectResponseAction { Status = (int)response.Status, Body = body };
    }

    private static byte[] Load(DataSource source, string at, RouteTranslationScope scope)
    {
        uint max = scope.MaxDirectResponseBodySizeBytes;
        byte[] body;
        switch (source.SpecifierCase)
        {
            case DataSource.SpecifierOneofCase.Filename:
                try
                {
                    body = scope.Context.ReadFile(source.Filename);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    throw ProtoValues.Error(at + ".filename", $"response body file {source.Filename} cannot be read: {e.Message}");
                }

                if ((ulong)body.LongLength > max)
                {
                    throw ProtoValues.Error(at + ".filename", $"response body file {source.Filename} size is {body.LongLength} bytes; maximum is {max}");
                }

                return body;
            case DataSource.SpecifierOneofCase.InlineBytes:
                body = source.InlineBytes.ToByteArray();
                break;
            case DataSource.SpecifierOneofCase.InlineString:
                body = Encoding.UTF8.GetBytes(source.InlineString);
                break;
            case DataSource.SpecifierOneofCase.EnvironmentVariable:
                string? value = scope.Context.GetEnvironmentVariable(source.EnvironmentVariable);
                if (value is null)
                {
                    throw ProtoValues.Error(at + ".environment_variable", $"environment variable {source.EnvironmentVariable} does not exist");
                }

                body = Encoding.UTF8.GetBytes(value);
                break;
            default:
                return [];
        }

        if ((ulong)body.LongLength > max)
        {
            throw ProtoValues.Error(at, $"response body size is {body.LongLength} bytes; maximum is {max}");
        }

        return body;
    }
}
