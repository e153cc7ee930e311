using System;
using System.Globalization;
using System.IO;

namespace ConnHygiene.Tests.Behaviour;

/// <summary>Counts client-side TCP sockets by state from /proc/net/tcp and /proc/net/tcp6 (Linux).</summary>
internal static class TcpStates
{
    private const string TimeWait = "06";

    public static bool Available => File.Exists("/proc/net/tcp");

    /// <summary>Client sockets in TIME_WAIT whose remote port is <paramref name="serverPort"/>.</summary>
    public static int ClientTimeWait(int serverPort) => Count("/proc/net/tcp", serverPort) + Count("/proc/net/tcp6", serverPort);

    private static int Count(string path, int serverPort)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        var count = 0;
        foreach (var line in File.ReadLines(path))
        {
            // sl local_address rem_address st ...  e.g. "0: 0100007F:A1B2 0100007F:1F90 06 ..."
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[3] != TimeWait)
            {
                continue;
            }

            var remote = fields[2];
            var colon = remote.LastIndexOf(':');
            if (colon > 0 && int.TryParse(remote.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port) && port == serverPort)
            {
                count++;
            }
        }

        return count;
    }
}
