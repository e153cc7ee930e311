// Imitates: a service that opens a gRPC channel per call to a pricing microservice (Grpc.Net.Client look-alike
// declared here with the real metadata name).
using System;
using System.Threading.Tasks;
using Grpc.Net.Client;

namespace Grpc.Net.Client
{
    public sealed class GrpcChannel : IDisposable
    {
        private GrpcChannel() { }
        public static GrpcChannel ForAddress(string address) => new();
        public void Dispose() { }
    }
}

namespace Pricing.Consumers
{
    public sealed class PriceLookup
    {
        private readonly string _address;

        public PriceLookup(string address) => _address = address;

        public Task<decimal> GetPriceAsync(string sku)
        {
            using var channel = GrpcChannel.ForAddress(_address); // expect: CH0020
            return Task.FromResult(Call(channel, sku));
        }

        private static decimal Call(GrpcChannel channel, string sku) => sku.Length;
    }
}
