// Imitates: an order-events publisher that opens a RabbitMQ connection for every message it publishes (RabbitMQ.Client
// look-alike types declared here with the real metadata names).
using System.Text;
using RabbitMQ.Client;

namespace RabbitMQ.Client
{
    public interface IModel : System.IDisposable
    {
        void BasicPublish(string exchange, string routingKey, byte[] body);
    }

    public interface IConnection : System.IDisposable
    {
        IModel CreateModel();
    }

    public sealed class ConnectionFactory
    {
        public string HostName { get; set; } = "localhost";
        public IConnection CreateConnection() => throw new System.NotSupportedException();
    }
}

namespace Orders.Events
{
    public sealed class OrderEventPublisher
    {
        private readonly ConnectionFactory _factory = new() { HostName = "rabbit" };

        public void PublishOrderPlaced(string orderJson)
        {
            using var connection = _factory.CreateConnection(); // expect: CH0020
            using var channel = connection.CreateModel();
            channel.BasicPublish("orders", "order.placed", Encoding.UTF8.GetBytes(orderJson));
        }
    }
}
