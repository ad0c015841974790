namespace Proxy.Xds.Json;

/// <summary>One field occurrence read from the protobuf wire format.</summary>
/// <param name="Number">Field number.</param>
/// <param name="WireType">0 varint, 1 fixed64, 2 length-delimited, 5 fixed32.</param>
/// <param name="Bits">The value of a varint or fixed field.</param>
/// <param name="Bytes">The content of a length-delimited field.</param>
public readonly record struct WireField(int Number, int WireType, ulong Bits, ReadOnlyMemory<byte> Bytes);
