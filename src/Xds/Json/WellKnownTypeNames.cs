namespace Proxy.Xds.Json;

/// <summary>Full names of the well-known types whose proto3 JSON form is not an ordinary object.</summary>
internal static class WellKnownTypeNames
{
    public const string Any = "google.protobuf.Any";
    public const string Duration = "google.protobuf.Duration";
    public const string Timestamp = "google.protobuf.Timestamp";
    public const string FieldMask = "google.protobuf.FieldMask";
    public const string Struct = "google.protobuf.Struct";
    public const string Value = "google.protobuf.Value";
    public const string ListValue = "google.protobuf.ListValue";
    public const string NullValue = "google.protobuf.NullValue";
    public const string Empty = "google.protobuf.Empty";

    /// <summary>
    /// The wrappers (google/protobuf/wrappers.proto). In JSON they are the plain wrapped value, and the C#
    /// generated code stores them as nullable primitives (<c>uint?</c>, <c>string</c>) in fields, lists and maps.
    /// </summary>
    public static bool IsWrapper(string fullName) => fullName switch
    {
        "google.protobuf.DoubleValue" or "google.protobuf.FloatValue" or "google.protobuf.Int64Value"
            or "google.protobuf.UInt64Value" or "google.protobuf.Int32Value" or "google.protobuf.UInt32Value"
            or "google.protobuf.BoolValue" or "google.protobuf.StringValue" or "google.protobuf.BytesValue" => true,
        _ => false,
    };

    /// <summary>Types whose JSON inside an Any sits under a <c>"value"</c> key next to <c>"@type"</c>.</summary>
    public static bool HasSpecialJson(string fullName) => fullName switch
    {
        Any or Duration or Timestamp or FieldMask or Struct or Value or ListValue => true,
        _ => IsWrapper(fullName),
    };
}
