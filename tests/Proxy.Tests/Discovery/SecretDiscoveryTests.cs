using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Proxy.Admin;
using Proxy.Xds.Client;
using static Proxy.Tests.Discovery.DiscoveryFixture;

namespace Proxy.Tests.Discovery;

public sealed class SecretDiscoveryTests
{
    [Fact]
    public async Task Secrets_are_stored_with_their_version_and_a_secret_without_a_type_is_rejected()
    {
        await using var f = new DiscoveryFixture();
        var certificate = new Secret { Name = "default", TlsCertificate = new TlsCertificate { CertificateChain = new DataSource { InlineString = "chain" }, PrivateKey = new DataSource { InlineString = "key" } } };

        f.Secrets.OnUpdate(Sotw(XdsResourceType.Secret, "v1", certificate));
        var error = Assert.Throws<XdsRejectedException>(() => f.Secrets.OnUpdate(Sotw(XdsResourceType.Secret, "v2", new Secret { Name = "empty" })));

        Assert.Equal("v1", Assert.Single(f.Secrets.Received).Version);
        Assert.StartsWith("secret 'empty': type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_config_dump_copy_of_a_secret_has_no_private_data()
    {
        var secret = new Secret { Name = "default", TlsCertificate = new TlsCertificate { CertificateChain = new DataSource { InlineString = "chain" }, PrivateKey = new DataSource { InlineString = "key" } } };

        var redacted = DynamicConfigDump.Redact(secret);

        Assert.Equal("[redacted]", redacted.TlsCertificate.PrivateKey.InlineString);
        Assert.Equal("chain", redacted.TlsCertificate.CertificateChain.InlineString);
        Assert.Equal("key", secret.TlsCertificate.PrivateKey.InlineString);
    }
}
