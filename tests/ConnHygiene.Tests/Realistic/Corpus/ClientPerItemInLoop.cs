// Imitates: an import job that resolves each record against a REST API, creating a client inside the foreach.
using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;

namespace Import.Jobs;

public sealed class AddressEnricher
{
    public async Task<Dictionary<string, string>> EnrichAsync(IEnumerable<string> postcodes)
    {
        var result = new Dictionary<string, string>();
        foreach (var postcode in postcodes)
        {
            using (var client = new HttpClient()) // expect: CH0001
            {
                result[postcode] = await client.GetStringAsync($"https://postcodes.example.com/{postcode}");
            }
        }

        return result;
    }
}
