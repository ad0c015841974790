using Proxy.Server;

namespace Proxy.Tests.Server;

/// <summary>Which mappings the proxy pages out before it reports live.</summary>
public sealed class StartupPagesTests
{
    [Fact]
    public void ReadOnlyFileMappingsAreCandidatesWhetherPrivateOrShared()
    {
        string[] maps =
        [
            "555eabfcb000-555eabff0000 r--p 00000000 fe:00 11682147                   /app/proxy",
            "555eabff0000-555eac9f4000 r-xp 00025000 fe:00 11682147                   /app/proxy",
            "7f0000001000-7f0000002000 r--s 00000000 fe:00 22                         /app/EnvoyApi.dll",
            "7f0000003000-7f0000004000 r--p 00000000 fe:00 23                         /usr/lib/x86_64-linux-gnu/libc.so.6",
        ];

        var candidates = StartupPages.Candidates(maps).ToList();

        Assert.Equal(
            [
                (0x555eabfcb000UL, 0x25000UL),
                (0x555eabff0000UL, 0x555eac9f4000UL - 0x555eabff0000UL),
                (0x7f0000001000UL, 0x1000UL),
                (0x7f0000003000UL, 0x1000UL),
            ],
            candidates);
    }

    [Fact]
    public void WritableAnonymousDeviceAndMemfdMappingsAreLeftAlone()
    {
        string[] maps =
        [
            "555ead455000-555ead49a000 rw-p 0148a000 fe:00 11682147                   /app/proxy",
            "555ead49a000-555eada69000 rw-p 00000000 00:00 0 ",
            "555eada69000-555eada6a000 r--p 00000000 00:00 0",
            "7f0000000000-7f0000001000 rw-s 00000000 00:01 5                          /memfd:doublemapper (deleted)",
            "7f0000005000-7f0000006000 r-xs 00001000 00:01 5                          /memfd:doublemapper (deleted)",
            "7f0000007000-7f0000008000 r--p 00000000 00:05 6                          /dev/zero",
            "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]",
            "7ffd00030000-7ffd00032000 r-xp 00000000 00:00 0                          [vdso]",
            "not a maps line",
            "zz-yy r--p 00000000 fe:00 1 /bad/range",
        ];

        Assert.Empty(StartupPages.Candidates(maps));
    }

    [Fact]
    public void ThisProcessHasCandidatesAndAResidentFileFigure()
    {
        Assert.NotEmpty(StartupPages.Candidates(File.ReadLines("/proc/self/maps")));
        Assert.True(StartupPages.ResidentFileKiB() > 0);
    }

    [Fact]
    public void KeepVariableDecidesElseOnlyNativeAotReleases()
    {
        var saved = Environment.GetEnvironmentVariable(StartupPages.KeepVariable);
        try
        {
            Environment.SetEnvironmentVariable(StartupPages.KeepVariable, "1");
            Assert.False(StartupPages.Enabled);
            Environment.SetEnvironmentVariable(StartupPages.KeepVariable, "0");
            Assert.True(StartupPages.Enabled);
            Environment.SetEnvironmentVariable(StartupPages.KeepVariable, "false");
            Assert.True(StartupPages.Enabled);
            Environment.SetEnvironmentVariable(StartupPages.KeepVariable, null);

            // The test host runs under the JIT: unset means keep.
            Assert.True(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported);
            Assert.False(StartupPages.Enabled);
        }
        finally
        {
            Environment.SetEnvironmentVariable(StartupPages.KeepVariable, saved);
        }
    }
}
