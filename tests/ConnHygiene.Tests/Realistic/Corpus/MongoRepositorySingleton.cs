// Imitates: a MongoDB repository whose MongoClient is registered once as a singleton in the composition root (correct
// code; MongoDB.Driver look-alike types declared here).
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;

namespace MongoDB.Driver
{
    public interface IMongoDatabase { }

    public class MongoClient
    {
        public MongoClient(string connectionString) => ConnectionString = connectionString;
        public string ConnectionString { get; }
        public IMongoDatabase GetDatabase(string name) => throw new System.NotSupportedException();
    }
}

namespace Blog.Data
{
    public sealed class PostRepository
    {
        private readonly IMongoDatabase _database;

        public PostRepository(MongoClient client) => _database = client.GetDatabase("blog");

        public Task<int> CountAsync() => Task.FromResult(_database.GetHashCode());
    }

    public static class DataRegistration
    {
        public static IServiceCollection AddBlogData(this IServiceCollection services, string connectionString)
        {
            services.AddSingleton(new MongoClient(connectionString));
            services.AddScoped<PostRepository>();
            return services;
        }
    }
}
