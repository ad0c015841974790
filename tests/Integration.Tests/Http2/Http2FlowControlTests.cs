namespace Proxy.Integration.Tests.Http2;

/// <summary>
/// HTTP/2 flow control on the downstream connection, both ways: the proxy opens its windows (WINDOW_UPDATE) as it
/// forwards a request body larger than them, and never sends a response body beyond the windows the client
/// granted.
/// </summary>
[Collection(Http2Collection.Name)]
public sealed class Http2FlowControlTests
{
    private const int OneMiB = 1024 * 1024;

    private readonly Http2Fixture _fixture;

    public Http2FlowControlTests(Http2Fixture fixture) => _fixture = fixture;

    [Fact]
    public async Task AOneMiBUploadArrivesWholeThroughWindowUpdatesFromTheProxy()
    {
        // The "main" listener advertises 65,535-byte stream and connection windows: h2 sends no more than they
        // allow, so the upload can only finish if the proxy keeps sending WINDOW_UPDATEs for both.
        var report = await H2Client.RunAsync("h2_flow.py", _fixture.Port, "upload", "/upload", OneMiB.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Null(report.ClientError);
        Assert.True(report.Bool("sent_all"), "the client could not send the whole body: the proxy stopped opening its windows\n" + report.Describe());
        var id = report.Int("stream");
        var stream = report.Stream("stream");
        Assert.Equal(200, stream.Status);
        Assert.Equal($"received {OneMiB}", stream.Body);
        Assert.Equal(OneMiB, report.Sent.Where(f => f.Type == "DATA" && f.Stream == id).Sum(f => f.DataLength));
        var settings = report.Received("SETTINGS").First(f => !f.Ack).Settings;
        Assert.Equal(65535, settings.GetValueOrDefault("INITIAL_WINDOW_SIZE", 65535));
        Assert.Contains(report.Frames, f => f.Type == "WINDOW_UPDATE" && f.Stream == id);
        Assert.Contains(report.Frames, f => f.Type == "WINDOW_UPDATE" && f.Stream == 0);
    }

    [Fact]
    public async Task AOneMiBResponseKeepsToTheSmallWindowTheClientGrants()
    {
        // The client advertises SETTINGS_INITIAL_WINDOW_SIZE 16384 and opens the stream and connection windows
        // only as it reads. h2 raises FlowControlError on DATA beyond a window (ClientError); the script also
        // replays both directions and reports the largest overrun it saw.
        var report = await H2Client.RunAsync("h2_flow.py", _fixture.Port, "download", $"/bytes/{OneMiB}", "16384");

        Assert.Null(report.ClientError);
        Assert.Equal(0, report.Int("max_overrun"));
        var stream = report.Stream("stream");
        Assert.Equal(200, stream.Status);
        Assert.True(stream.Ended);
        Assert.Equal(OneMiB, stream.BodyLength);
        Assert.Equal(new string('x', stream.Body.Length), stream.Body);
        Assert.True(report.Int("stream_window_updates") > 10, "the body should have needed many WINDOW_UPDATEs from the client");
        Assert.True(report.Int("largest_data_frame") <= 16384);
    }
}
