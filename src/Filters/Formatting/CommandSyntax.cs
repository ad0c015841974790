namespace Proxy.Filters.Formatting;

/// <summary>What a command operator accepts after its name (Envoy's CommandSyntaxChecker flags).</summary>
[Flags]
internal enum CommandSyntax
{
    /// <summary>Neither <c>(params)</c> nor <c>:length</c>.</summary>
    CommandOnly = 0,
    ParamsRequired = 1,
    ParamsOptional = 2,
    LengthAllowed = 4,
}
