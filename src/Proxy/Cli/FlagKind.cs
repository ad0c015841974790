namespace Proxy.Cli;

/// <summary>How a flag reads its value, as in Envoy's TCLAP declarations.</summary>
internal enum FlagKind
{
    /// <summary>No value (TCLAP::SwitchArg).</summary>
    Switch,

    /// <summary>One value, the next argument whatever it looks like, or after '='; at most once (TCLAP::ValueArg).</summary>
    Value,

    /// <summary>One value per occurrence, repeatable (TCLAP::MultiArg).</summary>
    Multi,
}
