using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Runtime.Internal;

namespace ConnHygiene.Runtime;

/// <summary>A connected TCP socket owned by a <see cref="TcpConnectionPool"/>, with its stream.</summary>
public sealed class TcpConnection : IAsyncDisposable
{
    private int _disposed;

    internal TcpConnection(Socket socket, EndPoint remoteEndPoint)
    {
        Socket = socket;
        RemoteEndPoint = remoteEndPoint;
        Stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>The connected socket. Do not close it: invalidate the lease instead.</summary>
    public Socket Socket { get; }

    /// <summary>A stream over <see cref="Socket"/>.</summary>
    public Stream Stream { get; }

    /// <summary>The endpoint the connection was made to.</summary>
    public EndPoint RemoteEndPoint { get; }

    /// <summary>
    /// Checks without a round trip that the connection can be reused: not closed locally, and the peer has neither
    /// closed (FIN) nor reset it and sent nothing unasked (a zero-timeout poll, then <see cref="Socket.Available"/>).
    /// </summary>
    public bool IsReusable()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        try
        {
            // Readable while idle means: end of stream (FIN), an error (RST) or unsolicited bytes. None is reusable.
            return Socket.Connected && !Socket.Poll(0, SelectMode.SelectRead);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>True when the peer closed or reset the connection (readable with nothing to read).</summary>
    public bool PeerClosed
    {
        get
        {
            try
            {
                return Socket.Poll(0, SelectMode.SelectRead) && Socket.Available == 0;
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
            {
                return true;
            }
        }
    }

    /// <summary>Closes the socket.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Stream.Dispose();
        }

        return default;
    }

    internal static async ValueTask<TcpConnection> ConnectAsync(EndPoint endPoint, TcpConnectionPoolOptions options, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        int port;
        switch (endPoint)
        {
            case IPEndPoint ip:
                addresses = new[] { ip.Address };
                port = ip.Port;
                break;
            case DnsEndPoint dns:
                addresses = IPAddress.TryParse(dns.Host, out IPAddress? literal)
                    ? new[] { literal }
#if NET
                    : await Dns.GetHostAddressesAsync(dns.Host, cancellationToken).ConfigureAwait(false);
#else
                    : await Dns.GetHostAddressesAsync(dns.Host).ConfigureAwait(false);
#endif
                port = dns.Port;
                break;
            default:
                throw new ArgumentException("Only IPEndPoint and DnsEndPoint are supported.", nameof(endPoint));
        }

        Exception? last = null;
        foreach (IPAddress address in addresses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                Configure(socket, options);
                using (CancellationTokenSource connectTimeout = options.ConnectTimeout != Timeout.InfiniteTimeSpan
                    ? new TimeSource(options.TimeProvider).CancelAfter(options.ConnectTimeout)
                    : new CancellationTokenSource())
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimeout.Token))
                {
                    var target = new IPEndPoint(address, port);
#if NET
                    try
                    {
                        await socket.ConnectAsync(target, timeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException($"Connecting to {target} timed out after {options.ConnectTimeout.TotalMilliseconds:0} ms.");
                    }
#else
                    using (timeout.Token.Register(static s => ((Socket)s!).Dispose(), socket))
                    {
                        try
                        {
                            await socket.ConnectAsync(target).ConfigureAwait(false);
                        }
                        catch (Exception) when (timeout.IsCancellationRequested)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            throw new TimeoutException($"Connecting to {target} timed out after {options.ConnectTimeout.TotalMilliseconds:0} ms.");
                        }
                    }
#endif
                }

                return new TcpConnection(socket, endPoint);
            }
            catch (Exception ex) when (ex is SocketException || ex is TimeoutException)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    internal static void Configure(Socket socket, TcpConnectionPoolOptions options)
    {
        socket.NoDelay = options.NoDelay;
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        int time = Math.Max(1, (int)options.KeepAliveTime.TotalSeconds);
        int interval = Math.Max(1, (int)options.KeepAliveInterval.TotalSeconds);
        try
        {
#if NET
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, time);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, interval);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, options.KeepAliveRetryCount);
#else
            // The same option names as .NET Core 3.0+ (values 3, 17, 16); .NET Framework on Windows falls back to SIO_KEEPALIVE_VALS.
            socket.SetSocketOption(SocketOptionLevel.Tcp, (SocketOptionName)3, time);
            socket.SetSocketOption(SocketOptionLevel.Tcp, (SocketOptionName)17, interval);
            socket.SetSocketOption(SocketOptionLevel.Tcp, (SocketOptionName)16, options.KeepAliveRetryCount);
#endif
        }
        catch (Exception ex) when (ex is SocketException || ex is PlatformNotSupportedException)
        {
#if !NET
            if (System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows))
            {
                byte[] values = new byte[12];
                BitConverter.GetBytes(1u).CopyTo(values, 0);
                BitConverter.GetBytes((uint)(time * 1000)).CopyTo(values, 4);
                BitConverter.GetBytes((uint)(interval * 1000)).CopyTo(values, 8);
                socket.IOControl(IOControlCode.KeepAliveValues, values, null);
            }
#endif
        }
    }
}
