using Proxy.Filters.Extensions;
using Proxy.Filters.Formatting;

namespace Proxy.Filters.Tests.Formatting;

public sealed class FormatParsingTests
{
    [Theory]
    [InlineData("%FOO%", "Not supported field in StreamInfo: FOO")]
    [InlineData("%DOWNSTREAM_LOCAL_ADRESS%", "Not supported field in StreamInfo: DOWNSTREAM_LOCAL_ADRESS")]
    [InlineData("50% done", "Incorrect configuration: 50% done. Couldn't find valid command at position 2")]
    [InlineData("trailing %", "Incorrect configuration: trailing %. Couldn't find valid command at position 9")]
    [InlineData("%REQ(a%", "Incorrect configuration: %REQ(a%. Couldn't find valid command at position 0")]
    [InlineData("%REQ(a)x%", "Incorrect configuration: %REQ(a)x%. Couldn't find valid command at position 0")]
    [InlineData("%REQ(a):%", "Incorrect configuration: %REQ(a):%. Couldn't find valid command at position 0")]
    [InlineData("%protocol%", "Incorrect configuration: %protocol%. Couldn't find valid command at position 0")]
    [InlineData("%PROTOCOL(x)%", "PROTOCOL does not take any parameters or length")]
    [InlineData("%PROTOCOL:3%", "PROTOCOL does not take any parameters or length")]
    [InlineData("%REQ%", "REQ requires parameters")]
    [InlineData("%DYNAMIC_METADATA()%", "DYNAMIC_METADATA requires parameters")]
    [InlineData("%START_TIME:3%", "START_TIME does not allow length to be specified.")]
    [InlineData("%REQ(a?b?c)%", "More than 1 alternative header specified in token: a?b?c")]
    [InlineData("%REQ(bad header)%", "Invalid header configuration. Format string contains invalid characters.")]
    [InlineData("%REQ(?b)%", "Invalid header configuration. Format string contains invalid characters.")]
    [InlineData("%START_TIME(%Y%n)%", "Invalid header configuration. Format string contains newline.")]
    [InlineData("%GRPC_STATUS(LOWER)%", "GrpcStatusFormatter only supports CAMEL_STRING, SNAKE_STRING or NUMBER.")]
    [InlineData("%FILTER_STATE(:PLAIN)%", "Invalid filter state configuration, key cannot be empty.")]
    [InlineData("%FILTER_STATE(key:JSON)%", "Invalid filter state serialize type, only support PLAIN/TYPED.")]
    public void InvalidFormatsAreRefusedWithEnvoysMessage(string format, string message)
    {
        var e = Assert.Throws<ConfigException>(() => SubstitutionFormatter.Parse(format));

        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("%REQ(:path):10%")]
    [InlineData("%FILTER_STATE(k:PLAIN):5%")]
    [InlineData("%START_TIME()%")]
    [InlineData("%RESPONSE_CODE_DETAILS(ALLOW_WHITESPACES)%")]
    [InlineData("%REQ(x-b3-traceid)% %REQ(baggage)%")]
    [InlineData("%%%%")]
    public void ValidFormatsParse(string format)
    {
        Assert.Equal(format, SubstitutionFormatter.Parse(format).Template);
    }
}
