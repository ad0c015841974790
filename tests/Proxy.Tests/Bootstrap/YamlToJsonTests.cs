using System.Text.Json.Nodes;
using Proxy.Bootstrap;
using Proxy.Xds.Json;

namespace Proxy.Tests.Bootstrap;

public sealed class YamlToJsonTests
{
    private static JsonObject Convert(string yaml) => (JsonObject)YamlToJson.Convert(yaml)!;

    [Fact]
    public void PlainScalarsFollowTheYaml12CoreSchema()
    {
        var json = Convert("""
            int: 15001
            negative: -3
            big: 18446744073709551615
            hex: 0x1F
            octal: 0o17
            float: 1.5
            exponent: 1e3
            inf: -.inf
            nan: .nan
            yes11: yes
            on11: on
            bool: true
            boolCaps: FALSE
            tilde: ~
            nullWord: null
            empty:
            text: hello world
            version: 1.2.3
            """);

        Assert.Equal("""{"int":15001,"negative":-3,"big":18446744073709551615,"hex":31,"octal":15,"float":1.5,"exponent":1000,"inf":"-Infinity","nan":"NaN","yes11":"yes","on11":"on","bool":true,"boolCaps":false,"tilde":null,"nullWord":null,"empty":null,"text":"hello world","version":"1.2.3"}""", json.ToJsonString());
    }

    [Fact]
    public void QuotedBlockAndStrTaggedScalarsStayStrings()
    {
        var json = Convert("""
            single: '15001'
            double: "true"
            tagged: !!str 42
            literal: |
              line
            folded: >
              a
              b
            """);

        Assert.Equal("""{"single":"15001","double":"true","tagged":"42","literal":"line\n","folded":"a b"}""", json.ToJsonString());
    }

    [Fact]
    public void AnchorsAliasesAndMergeKeys()
    {
        var json = Convert("""
            base: &base {connect_timeout: 1s, type: STATIC, lb_policy: ROUND_ROBIN}
            other: &other {type: EDS, name: other}
            copy: *base
            merged:
              <<: [*base, *other]
              name: mine
              lb_policy: RANDOM
            """);

        Assert.Equal("""{"connect_timeout":"1s","type":"STATIC","lb_policy":"ROUND_ROBIN"}""", json["copy"]!.ToJsonString());
        // Explicit keys win; among merged mappings, earlier ones win.
        Assert.Equal("""{"name":"mine","lb_policy":"RANDOM","connect_timeout":"1s","type":"STATIC"}""", json["merged"]!.ToJsonString());
    }

    [Fact]
    public void SequencesAndNesting()
    {
        var json = Convert("listeners:\n- name: a\n  ports: [1, 2]\n- name: b\n");

        Assert.Equal("""{"listeners":[{"name":"a","ports":[1,2]},{"name":"b"}]}""", json.ToJsonString());
    }

    [Fact]
    public void EmptyDocumentIsNull() => Assert.Null(YamlToJson.Convert(""));

    [Fact]
    public void SyntaxErrorsCarryLineAndColumn()
    {
        var e = Assert.Throws<ProtoJsonException>(() => YamlToJson.Convert("a: 1\nb: [1, 2\n"));

        Assert.Contains("invalid YAML at line", e.Reason);
    }

    [Fact]
    public void DuplicateKeysAreErrors()
    {
        var e = Assert.Throws<ProtoJsonException>(() => YamlToJson.Convert("a: 1\na: 2\n"));

        Assert.Contains("Duplicate key", e.Reason);
    }

    [Fact]
    public void NonScalarKeysAreErrors()
    {
        var e = Assert.Throws<ProtoJsonException>(() => YamlToJson.Convert("outer:\n  ? [a]\n  : 1\n"));

        Assert.Equal("outer", e.Path);
    }
}
