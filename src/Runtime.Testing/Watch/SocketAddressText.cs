using System;
using System.Globalization;
using System.Net;

namespace ConnHygiene.Runtime.Testing;

/// <summary>
/// Reads the <c>address</c> payload of the <c>System.Net.Sockets</c> ConnectStart event: <c>SocketAddress.ToString()</c>,
/// e.g. <c>InterNetwork:16:{31,144,127,0,0,1,0,0,0,0,0,0,0,0}</c> or
/// <c>InterNetworkV6:28:{182,89,0,0,0,0,0,0,0,0,0,0,0,0,0,0,255,255,127,0,0,1,0,0,0,0}</c>: the family, the size, then the
/// bytes after the family (port big-endian; IPv4: 4 address bytes; IPv6: 4 flow-info bytes, 16 address bytes, scope id).
/// </summary>
internal static class SocketAddressText
{
    public static IPEndPoint? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        int open = text.IndexOf('{');
        int close = text.LastIndexOf('}');
        int colon = text.IndexOf(':');
        if (open < 0 || close < open || colon < 0)
        {
            return null;
        }

        string family = text.Substring(0, colon);
        string[] parts = text.Substring(open + 1, close - open - 1).Split(',');
        var bytes = new byte[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!byte.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return null;
            }
        }

        if (bytes.Length < 2)
        {
            return null;
        }

        int port = (bytes[0] << 8) | bytes[1];
        switch (family)
        {
            case "InterNetwork" when bytes.Length >= 6:
                return new IPEndPoint(new IPAddress(bytes.AsSpan(2, 4)), port);
            case "InterNetworkV6" when bytes.Length >= 22:
                var address = new IPAddress(bytes.AsSpan(6, 16));
                return new IPEndPoint(ConnectionFilter.Normalize(address), port);
            default:
                return null; // Unix domain sockets and other families are not TCP endpoints.
        }
    }
}
