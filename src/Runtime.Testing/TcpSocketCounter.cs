using System;
using System.Globalization;
using System.IO;

namespace ConnHygiene.Runtime.Testing;

/// <summary>TCP states as numbered in Linux <c>/proc/net/tcp</c>.</summary>
public enum LinuxTcpState
{
    /// <summary>01</summary>
    Established = 1,

    /// <summary>04</summary>
    FinWait1 = 4,

    /// <summary>05</summary>
    FinWait2 = 5,

    /// <summary>06: the state a client-side close leaves behind for about 60 s.</summary>
    TimeWait = 6,

    /// <summary>08: the peer closed and this side has not: a leaked socket if it stays.</summary>
    CloseWait = 8,
}

/// <summary>Counts sockets from <c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c> (Linux only), e.g. client TIME_WAIT sockets.</summary>
public static class TcpSocketCounter
{
    /// <summary>True where <c>/proc/net/tcp</c> exists.</summary>
    public static bool IsSupported => File.Exists("/proc/net/tcp");

    /// <summary>Client-side sockets whose remote port is <paramref name="serverPort"/> and whose state is <paramref name="state"/>.</summary>
    public static int CountClientSockets(int serverPort, LinuxTcpState state) => Count(serverPort, state, remote: true);

    /// <summary>Server-side sockets whose local port is <paramref name="serverPort"/> and whose state is <paramref name="state"/>.</summary>
    public static int CountServerSockets(int serverPort, LinuxTcpState state) => Count(serverPort, state, remote: false);

    private static int Count(int port, LinuxTcpState state, bool remote)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("/proc/net/tcp is only available on Linux.");
        }

        int count = 0;
        foreach (string file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (string line in File.ReadLines(file))
            {
                // "  sl  local_address rem_address   st ..." e.g. "0: 0100007F:1F90 0100007F:C350 06 ..."
                string[] fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 4 || !fields[0].EndsWith(":", StringComparison.Ordinal))
                {
                    continue;
                }

                string address = remote ? fields[2] : fields[1];
                int colon = address.LastIndexOf(':');
                if (colon > 0
                    && int.TryParse(address.Substring(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int p)
                    && p == port
                    && int.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int st)
                    && st == (int)state)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
