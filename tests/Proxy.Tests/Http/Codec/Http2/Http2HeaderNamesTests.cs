using System.Text;
using Proxy.Http.Codec.Http2;

namespace Proxy.Tests.Http.Codec.Http2;

public sealed class Http2HeaderNamesTests
{
    [Theory]
    [InlineData("te", false)]
    [InlineData("cookie", false)]
    [InlineData("user-agent", false)]
    [InlineData("connection", true)]
    [InlineData("keep-alive", true)]
    [InlineData("proxy-connection", true)]
    [InlineData("transfer-encoding", true)]
    [InlineData("upgrade", true)]
    public void Find_knows_the_common_and_the_forbidden_names(string name, bool connectionSpecific)
    {
        var known = Http2HeaderNames.Find(Encoding.ASCII.GetBytes(name));

        Assert.NotNull(known);
        Assert.Equal(name, known.Name);
        Assert.Equal(connectionSpecific, known.IsConnectionSpecific);
    }

    [Theory]
    [InlineData("x-unknown")]
    [InlineData("Connection")] // octets as sent: an uppercase name is the sink's to refuse
    [InlineData("t")]
    [InlineData("tee")]
    [InlineData("")]
    public void Find_is_null_for_other_octets(string name)
    {
        Assert.Null(Http2HeaderNames.Find(Encoding.ASCII.GetBytes(name)));
    }

    [Fact]
    public void Te_and_Cookie_are_the_instances_Find_returns()
    {
        Assert.Same(Http2HeaderNames.Te, Http2HeaderNames.Find("te"u8));
        Assert.Same(Http2HeaderNames.Cookie, Http2HeaderNames.Find("cookie"u8));
    }

    [Theory]
    [InlineData("Connection", true)]
    [InlineData("KEEP-ALIVE", true)]
    [InlineData("Proxy-Connection", true)]
    [InlineData("Transfer-Encoding", true)]
    [InlineData("upgrade", true)]
    [InlineData("te", false)]
    [InlineData("content-length", false)]
    public void IsConnectionSpecificName_ignores_case_for_response_fields(string name, bool expected)
    {
        Assert.Equal(expected, Http2HeaderNames.IsConnectionSpecificName(name));
    }
}
