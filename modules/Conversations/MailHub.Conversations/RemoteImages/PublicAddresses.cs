using System.Net;
using System.Net.Sockets;

namespace MailHub.Conversations.RemoteImages;

/// <summary>
/// Whether an address is on the public internet: not loopback, private (RFC 1918, RFC 4193), link-local, shared
/// (RFC 6598), multicast, reserved or documentation, also when written inside an IPv6 address (mapped, NAT64, 6to4).
/// </summary>
internal static class PublicAddresses
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            return IsPublicV4(address.MapToIPv4().GetAddressBytes());
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0                                       // "this network" (RFC 791)
        || b[0] == 10                                   // private (RFC 1918)
        || b[0] == 127                                  // loopback
        || (b[0] == 100 && (b[1] & 0xC0) == 64)         // shared address space, carrier-grade NAT (RFC 6598)
        || (b[0] == 169 && b[1] == 254)                 // link-local, cloud metadata services (RFC 3927)
        || (b[0] == 172 && (b[1] & 0xF0) == 16)         // private (RFC 1918)
        || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, documentation (RFC 6890, RFC 5737)
        || (b[0] == 192 && b[1] == 168)                 // private (RFC 1918)
        || (b[0] == 198 && (b[1] & 0xFE) == 18)         // benchmarking (RFC 2544)
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)   // documentation (RFC 5737)
        || (b[0] == 203 && b[1] == 0 && b[2] == 113)    // documentation (RFC 5737)
        || b[0] >= 224);                                // multicast, reserved, broadcast

    private static bool IsPublicV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal || address.IsIPv6Teredo)
            return false;
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
            return false; // ::, ::1 and the deprecated IPv4-compatible addresses (RFC 4291 §2.5.5.1)
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            return IsPublicV4(b[12..]); // NAT64 (RFC 6052)
        if (b[0] == 0x20 && b[1] == 0x02)
            return IsPublicV4(b[2..6]); // 6to4 (RFC 3056)
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
            return false; // documentation (RFC 3849)
        return (b[0] & 0xE0) == 0x20; // global unicast is 2000::/3; the rest is unassigned or reserved
    }
}
