using System;

namespace StackExchange.Redis;

/// <summary>
/// A look-alike of StackExchange.Redis' multiplexer (known to CH0020 by metadata name), so that the project needs no
/// Redis package and no Redis server: Connect only remembers its configuration.
/// </summary>
public sealed class ConnectionMultiplexer : IDisposable
{
    private ConnectionMultiplexer(string configuration) => Configuration = configuration;

    public string Configuration { get; }

    public static ConnectionMultiplexer Connect(string configuration) => new ConnectionMultiplexer(configuration);

    public void Dispose()
    {
    }
}
