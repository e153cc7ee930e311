// Imitates: a classic "multi-client chat server" sample: accepted TcpClients kept in a list and each read in an
// endless loop, with no keep-alive and no heartbeat (issue 8 section 3: server-side accepted sockets are long-lived).
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Chat.Server;

public sealed class ChatServer
{
    private readonly TcpListener _listener = new(IPAddress.Any, 8888);
    private readonly List<TcpClient> _clients = new();
    private readonly object _gate = new();

    public void Start()
    {
        _listener.Start();
        while (true)
        {
            var client = _listener.AcceptTcpClient(); // expect: CH0012
            lock (_gate)
            {
                _clients.Add(client);
            }

            new Thread(() => HandleClient(client)) { IsBackground = true }.Start();
        }
    }

    private void HandleClient(TcpClient client)
    {
        var stream = client.GetStream();
        var buffer = new byte[4096];
        while (true)
        {
            int read;
            try
            {
                read = stream.Read(buffer, 0, buffer.Length);
            }
            catch (System.IO.IOException)
            {
                break;
            }

            if (read == 0) break;
            Broadcast(Encoding.UTF8.GetString(buffer, 0, read));
        }

        lock (_gate)
        {
            _clients.Remove(client);
        }

        client.Close();
    }

    private void Broadcast(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        lock (_gate)
        {
            foreach (var other in _clients)
            {
                other.GetStream().Write(bytes, 0, bytes.Length);
            }
        }
    }
}
