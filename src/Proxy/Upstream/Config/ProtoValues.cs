using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Xds;
using Proxy.Xds.Json;

namespace Proxy.Upstream.Config;

/// <summary>Conversions from protobuf value types, with the validation rules of the Envoy protos.</summary>
internal static class ProtoValues
{
    /// <summary>A Duration as TimeSpan; the proto range (±10000 years) is wider than TimeSpan's, so large values fail.</summary>
    public static TimeSpan ToTimeSpan(Duration duration, string path)
    {
        if (duration.Seconds < -315_576_000_000 || duration.Seconds > 315_576_000_000 ||
            duration.Nanos <= -1_000_000_000 || duration.Nanos >= 1_000_000_000)
        {
            throw new FieldException(path, "duration out of range");
        }

        try
        {
            return duration.ToTimeSpan();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
        {
            // Seconds and nanos of different signs, or nanos out of range: not a normalized Duration.
            throw new FieldException(path, "not a valid duration");
        }
    }

    /// <summary>Duration or the default when unset.</summary>
    public static TimeSpan ToTimeSpan(Duration? duration, TimeSpan defaultValue, string path) =>
        duration is null ? defaultValue : ToTimeSpan(duration, path);

    /// <summary>A duration that validate.proto requires to be strictly positive (<c>gt {}</c>).</summary>
    public static TimeSpan Positive(Duration duration, string path)
    {
        var value = ToTimeSpan(duration, path);
        if (value <= TimeSpan.Zero)
        {
            throw new FieldException(path, "must be greater than 0s");
        }

        return value;
    }

    /// <summary>A duration that must be strictly greater than 1ms (<c>gt {nanos: 1000000}</c>), e.g. dns_refresh_rate.</summary>
    public static TimeSpan AboveOneMillisecond(Duration duration, string path)
    {
        var value = ToTimeSpan(duration, path);
        if (value <= TimeSpan.FromMilliseconds(1))
        {
            throw new FieldException(path, "must be greater than 1ms");
        }

        return value;
    }

    /// <summary>Envoy's <c>type.v3.Percent</c>: 0..100 inclusive.</summary>
    public static double Percent(Envoy.Type.V3.Percent percent, string path)
    {
        if (double.IsNaN(percent.Value) || percent.Value < 0 || percent.Value > 100)
        {
            throw new FieldException(path + ".value", $"must be within [0, 100], got {percent.Value}");
        }

        return percent.Value;
    }

    /// <summary>
    /// A FractionalPercent as a fraction in [0, 1]; numerators above the denominator are capped, as Envoy's
    /// <c>ProtobufPercentHelper</c> does.
    /// </summary>
    public static double Fraction(Envoy.Type.V3.FractionalPercent percent)
    {
        double denominator = percent.Denominator switch
        {
            Envoy.Type.V3.FractionalPercent.Types.DenominatorType.Hundred => 100,
            Envoy.Type.V3.FractionalPercent.Types.DenominatorType.TenThousand => 10_000,
            Envoy.Type.V3.FractionalPercent.Types.DenominatorType.Million => 1_000_000,
            _ => 100,
        };
        return Math.Min(1.0, percent.Numerator / denominator);
    }

    /// <summary>The unqualified message name of an Any's type URL (after the last '/').</summary>
    public static string TypeName(string typeUrl)
    {
        var slash = typeUrl.LastIndexOf('/');
        return slash < 0 ? typeUrl : typeUrl[(slash + 1)..];
    }

    /// <summary>
    /// Unpacks an Any that must hold <paramref name="typeName"/> (or a TypedStruct naming it), as Envoy's
    /// <c>translateOpaqueConfig</c>. Descriptor-free (<see cref="AnyTypes.Unpack{T}"/>): the type is named, not
    /// read from the generated type's Descriptor.
    /// </summary>
    public static T Unpack<T>(Any any, MessageParser<T> parser, string typeName, string path)
        where T : IMessage<T>
    {
        try
        {
            return AnyTypes.Unpack(any, parser, typeName);
        }
        catch (ArgumentException e)
        {
            throw new FieldException(path, e.Message);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FieldException(path, $"cannot decode {any.TypeUrl}: {e.Message}");
        }
        catch (ProtoJsonException e)
        {
            throw new FieldException(JsonPath.Property(path, e.Path), e.Reason);
        }
    }
}
