namespace Proxy.Filters.Formatting;

/// <summary>The three renderings Envoy offers of each address: <c>X</c>, <c>X_WITHOUT_PORT</c>, <c>X_PORT</c>.</summary>
internal enum AddressForm
{
    WithPort,
    WithoutPort,
    PortOnly,
}
