// Imitates: the documented StackExchange.Redis pattern: one multiplexer in a static Lazy<T>, shared by every caller
// (correct code; look-alike types declared here).
using System;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace StackExchange.Redis
{
    public interface IDatabase
    {
        Task<string?> StringGetAsync(string key);
    }

    public sealed class ConnectionMultiplexer
    {
        private ConnectionMultiplexer() { }
        public static ConnectionMultiplexer Connect(string configuration) => new();
        public IDatabase GetDatabase(int db = -1) => throw new NotSupportedException();
    }
}

namespace Sessions.Cache
{
    public static class RedisConnection
    {
        private static readonly Lazy<ConnectionMultiplexer> LazyConnection = new(() =>
            ConnectionMultiplexer.Connect(Environment.GetEnvironmentVariable("REDIS") ?? "localhost:6379"));

        public static ConnectionMultiplexer Connection => LazyConnection.Value;
    }

    public sealed class SessionStore
    {
        public Task<string?> GetAsync(string sessionId) =>
            RedisConnection.Connection.GetDatabase().StringGetAsync("session:" + sessionId);
    }
}
