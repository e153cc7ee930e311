// Imitates: an MQTT-style client library: the transport keeps the socket in a field, and a separate keep-alive
// monitor type sends PINGREQ packets over it when idle and drops the connection when PINGRESP stops (correct: an
// application heartbeat set up in another type).
using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TinyMqtt;

public sealed class MqttTransport : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly KeepAliveMonitor _keepAlive;

    public MqttTransport(TimeSpan keepAlivePeriod) => _keepAlive = new KeepAliveMonitor(this, keepAlivePeriod);

    public DateTime LastPingResponse { get; private set; } = DateTime.UtcNow;

    public async Task ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(host, port, cancellationToken);
        _keepAlive.Start();
    }

    public async Task SendPingAsync()
    {
        await _socket.SendAsync(new byte[] { 0xC0, 0x00 }, SocketFlags.None);
    }

    public void OnPingResponse() => LastPingResponse = DateTime.UtcNow;

    public void Abort() => _socket.Close();

    public async ValueTask DisposeAsync()
    {
        await _keepAlive.DisposeAsync();
        _socket.Dispose();
    }
}

internal sealed class KeepAliveMonitor : IAsyncDisposable
{
    private readonly MqttTransport _transport;
    private readonly TimeSpan _period;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public KeepAliveMonitor(MqttTransport transport, TimeSpan period)
    {
        _transport = transport;
        _period = period;
    }

    public void Start() => _loop = RunAsync(_stop.Token);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_period);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (DateTime.UtcNow - _transport.LastPingResponse > _period * 1.5)
            {
                _transport.Abort();
                return;
            }

            await _transport.SendPingAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
        {
            try { await _loop; } catch (OperationCanceledException) { }
        }
    }
}
