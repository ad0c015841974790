using Google.Protobuf.WellKnownTypes;
using Proxy.Filters.Extensions;
using Proxy.Filters.Formatting;
using Proxy.Filters.Tests.Support;

namespace Proxy.Filters.Tests.Formatting;

public sealed class JsonFormatterTests
{
    private const string Dictionary = """
        {
          "protocol": "%PROTOCOL%",
          "duration": "%DURATION%",
          "code": "%RESPONSE_CODE%",
          "missing": "%REQ(X-MISSING)%",
          "text": "%DURATION%ms %REQ(X-MISSING)%",
          "nested": { "upstream": "%UPSTREAM_HOST%", "port": "%DOWNSTREAM_REMOTE_PORT%", "none": "%VIRTUAL_CLUSTER_NAME%" },
          "list": ["%RESPONSE_CODE%", "%REQ(X-MISSING)%", "literal"],
          "constant": 1.5,
          "flags": "%RESPONSE_FLAGS%",
          "start": "%START_TIME%",
          "empty": ""
        }
        """;

    [Fact]
    public void TypedJsonKeepsNumbersAndNullsAndConfigOrder()
    {
        var line = Parse(Dictionary, typed: true).Format(Sample.Info(), Sample.Http());

        Assert.Equal(
            "{\"protocol\":\"HTTP/2\",\"duration\":226,\"code\":204,\"missing\":null,\"text\":\"226ms -\"," +
            "\"nested\":{\"upstream\":\"10.0.2.1:80\",\"port\":51234,\"none\":null},\"list\":[204,null,\"literal\"]," +
            "\"constant\":1.5,\"flags\":\"-\",\"start\":\"2016-04-15T20:17:00.310Z\",\"empty\":\"\"}\n",
            line);
    }

    [Fact]
    public void OmitEmptyValuesDropsNullMembersAndItems()
    {
        var line = Parse(Dictionary, typed: true, omitEmpty: true).Format(Sample.Info(), Sample.Http());

        Assert.Equal(
            "{\"protocol\":\"HTTP/2\",\"duration\":226,\"code\":204,\"text\":\"226ms \"," +
            "\"nested\":{\"upstream\":\"10.0.2.1:80\",\"port\":51234},\"list\":[204,\"literal\"]," +
            "\"constant\":1.5,\"flags\":\"-\",\"start\":\"2016-04-15T20:17:00.310Z\",\"empty\":\"\"}\n",
            line);
    }

    [Fact]
    public void OmittingTheFirstMemberLeavesNoStrayComma()
    {
        var line = Parse("""{"a": "%VIRTUAL_CLUSTER_NAME%", "b": "%RESPONSE_CODE%", "c": "%VIRTUAL_CLUSTER_NAME%"}""", typed: true, omitEmpty: true)
            .Format(Sample.Info());

        Assert.Equal("{\"b\":204}\n", line);
    }

    [Fact]
    public void UnknownProtocolIsTheStringDashInTypedJson()
    {
        var tcp = new StreamInfo.StreamInfo();

        var line = Parse("""{"p": "%PROTOCOL%", "u": "%UPSTREAM_PROTOCOL%", "h": "%UPSTREAM_HOST%"}""", typed: true, omitEmpty: true).Format(tcp);

        Assert.Equal("{\"p\":\"-\",\"u\":\"-\"}\n", line);
    }

    [Fact]
    public void PortOfAnAddressWithoutPortIsNullInTypedJson()
    {
        var info = Sample.Info();
        info.DownstreamLocalAddress = new System.Net.Sockets.UnixDomainSocketEndPoint("/run/proxy.sock");

        var line = Parse("""{"port": "%DOWNSTREAM_LOCAL_PORT%", "address": "%DOWNSTREAM_LOCAL_ADDRESS%"}""", typed: true).Format(info);

        Assert.Equal("{\"port\":null,\"address\":\"/run/proxy.sock\"}\n", line);
    }

    [Fact]
    public void UntypedJsonRendersEveryValueAsAString()
    {
        var line = Parse("""{"duration": "%DURATION%", "missing": "%REQ(X-MISSING)%", "port": "%DOWNSTREAM_REMOTE_PORT%"}""", typed: false)
            .Format(Sample.Info(), Sample.Http());

        Assert.Equal("{\"duration\":\"226\",\"missing\":\"-\",\"port\":\"51234\"}\n", line);
    }

    [Fact]
    public void UntypedJsonWithOmitEmptyValuesDropsMissingValues()
    {
        var line = Parse("""{"duration": "%DURATION%", "missing": "%REQ(X-MISSING)%"}""", typed: false, omitEmpty: true)
            .Format(Sample.Info(), Sample.Http());

        Assert.Equal("{\"duration\":\"226\"}\n", line);
    }

    [Fact]
    public void SortPropertiesSortsMembersAtEveryLevel()
    {
        var line = Parse("""{"b": "1", "a": {"z": "2", "y": "3"}}""", typed: true, sort: true).Format(Sample.Info());

        Assert.Equal("{\"a\":{\"y\":\"3\",\"z\":\"2\"},\"b\":\"1\"}\n", line);
    }

    [Fact]
    public void ValuesAndKeysAreJsonEscaped()
    {
        var http = Sample.Http();
        http.Request.Headers["user-agent"] = "a\"b\\c\nd\u0001é";

        var line = Parse("""{"ua\"": "%REQ(USER-AGENT)%"}""", typed: true).Format(Sample.Info(), http);

        Assert.Equal("{\"ua\\\"\":\"a\\\"b\\\\c\\nd\\u0001é\"}\n", line);
    }

    [Fact]
    public void TypedFilterStateIsEmbeddedAsJson()
    {
        var info = Sample.Info();
        info.FilterState["ip"] = "10.0.0.9";
        info.FilterState["count"] = 3L;
        var format = """{"typed": "%FILTER_STATE(ip)%", "plain": "%FILTER_STATE(ip:PLAIN)%", "count": "%FILTER_STATE(count)%"}""";

        Assert.Equal("{\"typed\":\"10.0.0.9\",\"plain\":\"10.0.0.9\",\"count\":3}\n", Parse(format, typed: true).Format(info));
        Assert.Equal("{\"typed\":\"\\\"10.0.0.9\\\"\",\"plain\":\"10.0.0.9\",\"count\":\"3\"}\n", Parse(format, typed: false).Format(info));
    }

    [Theory]
    [InlineData("""{"a": true}""", "a: Only string values, nested structs, list values and number values are supported in structured access log format.")]
    [InlineData("""{"a": {"b": null}}""", "a.b: Only string values, nested structs, list values and number values are supported in structured access log format.")]
    [InlineData("""{"a": {"b": ["%RESPONSE_CODE%", "%FOO%"]}}""", "a.b[1]: Not supported field in StreamInfo: FOO")]
    public void InvalidDictionariesNameTheMember(string json, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(json, typed: true));

        Assert.Equal(message, e.Message);
    }

    private static JsonFormatter Parse(string json, bool typed, bool omitEmpty = false, bool sort = false) =>
        JsonFormatter.Parse(Struct.Parser.ParseJson(json), typed, omitEmpty, sort, new FormatterOptions { TimeProvider = new ManualTimeProvider() });
}
