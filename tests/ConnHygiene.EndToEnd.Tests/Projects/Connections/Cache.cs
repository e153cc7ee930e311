using StackExchange.Redis;

namespace Connections;

public sealed class Cache
{
    public string Describe(string key)
    {
        using var redis = ConnectionMultiplexer.Connect("localhost:6379"); // expect CH0020 at ConnectionMultiplexer.Connect
        return redis.Configuration + "/" + key;
    }
}
