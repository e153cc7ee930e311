// Imitates: an Azure Service Bus sender whose client is created once in the composition root and injected (correct
// code; Azure.Messaging.ServiceBus look-alike types declared here).
using System.Threading.Tasks;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;

namespace Azure.Messaging.ServiceBus
{
    public sealed class ServiceBusSender
    {
        public Task SendMessageAsync(string body) => Task.CompletedTask;
    }

    public class ServiceBusClient
    {
        public ServiceBusClient(string connectionString) { }
        public ServiceBusSender CreateSender(string queue) => new();
    }
}

namespace Invoices.Messaging
{
    public sealed class InvoiceQueue
    {
        private readonly ServiceBusSender _sender;

        public InvoiceQueue(ServiceBusClient client) => _sender = client.CreateSender("invoices");

        public Task EnqueueAsync(string invoiceJson) => _sender.SendMessageAsync(invoiceJson);
    }

    public static class MessagingRegistration
    {
        public static IServiceCollection AddInvoiceMessaging(this IServiceCollection services, string connectionString)
        {
            services.AddSingleton(_ => new ServiceBusClient(connectionString));
            services.AddSingleton<InvoiceQueue>();
            return services;
        }
    }
}
