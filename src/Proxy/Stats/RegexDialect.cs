namespace Proxy.Stats;

/// <summary>Which regex syntax a pattern was written in, so it can be translated to .NET's.</summary>
public enum RegexDialect
{
    /// <summary>Google RE2, as Envoy's <c>safe_regex</c>, /stats <c>filter=</c> and the built-in tag extractors.</summary>
    Re2,

    /// <summary>
    /// ECMAScript as C++ <c>std::regex</c>: what Envoy compiles custom <c>stats_tags[].regex</c> with,
    /// which is why Istio's tags may use lookahead (<c>(?=\.)</c>) and POSIX classes (<c>[[:digit:]]</c>).
    /// </summary>
    Ecma,
}
