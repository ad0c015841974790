using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Proxy.Tls.ClientHello;

namespace Proxy.Tls.Tests.ClientHello;

public class ClientHelloParserTests
{
    [Fact]
    public async Task ReadsSniAndAlpnFromARealClientHello()
    {
        var hello = await CaptureClientHelloAsync("Backend.Example.COM", [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]);

        var result = ClientHelloParser.TryParse(new ReadOnlySequence<byte>(hello), out var info);

        Assert.Equal(ClientHelloParseResult.Parsed, result);
        Assert.Equal("backend.example.com", info!.ServerName);
        Assert.Equal(["h2", "http/1.1"], info.ApplicationProtocols);
    }

    [Fact]
    public async Task AsksForMoreWhileTheRecordIsIncomplete()
    {
        var hello = await CaptureClientHelloAsync("a.example", []);

        Assert.Equal(ClientHelloParseResult.NeedMoreData, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(hello, 0, 3), out _));
        Assert.Equal(ClientHelloParseResult.NeedMoreData, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(hello, 0, hello.Length - 1), out _));
        Assert.Equal(ClientHelloParseResult.Parsed, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(hello), out var info));
        Assert.Empty(info!.ApplicationProtocols);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [InlineData("\u0016\u0001")]
    public void PlaintextIsNotTls(string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);

        Assert.Equal(ClientHelloParseResult.NotTls, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(bytes), out _));
    }

    private static async Task<byte[]> CaptureClientHelloAsync(string serverName, List<SslApplicationProtocol> alpn)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var server = await listener.AcceptTcpClientAsync();
        using var ssl = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var handshake = ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            ApplicationProtocols = alpn.Count > 0 ? alpn : null,
        }, cts.Token);

        var buffer = new byte[16 * 1024];
        var stream = server.GetStream();
        var total = 0;
        while (total < 5 || total < 5 + ((buffer[3] << 8) | buffer[4]))
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total), cts.Token);
            Assert.True(read > 0);
            total += read;
        }

        server.Close();
        await Assert.ThrowsAnyAsync<Exception>(() => handshake);
        return buffer[..total];
    }
}
