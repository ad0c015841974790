using System.Net;
using Proxy.Listeners.Config;

namespace Proxy.Rbac.Matchers;

/// <summary><c>destination_ip</c>, <c>source_ip</c>, <c>direct_remote_ip</c>, <c>remote_ip</c>: the address is inside the CIDR range.</summary>
internal sealed class IpMatcher : RbacMatcher
{
    private readonly CidrRange _range;
    private readonly AddressSource _source;

    public IpMatcher(CidrRange range, AddressSource source)
    {
        _range = range;
        _source = source;
    }

    public override bool Matches(in RbacInput input)
    {
        IPEndPoint? endPoint = _source switch
        {
            AddressSource.Destination => input.Local,
            AddressSource.DirectRemote => input.DirectRemote,
            _ => input.Remote,
        };
        return endPoint is not null && _range.Contains(endPoint.Address);
    }
}
