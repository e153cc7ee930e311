// Imitates: an on-premises CRM bulk import (Windows auth) that builds a handler with default credentials and a client
// for every record inside the import loop.
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;

namespace Crm.OnPrem;

public sealed class LeadImporter
{
    private readonly string _organizationUrl;

    public LeadImporter(string organizationUrl) => _organizationUrl = organizationUrl;

    public async Task<int> ImportAsync(IEnumerable<string> leadsJson)
    {
        var imported = 0;
        foreach (var lead in leadsJson)
        {
            var handler = new HttpClientHandler { UseDefaultCredentials = true }; // expect: CH0002
            using var client = new HttpClient(handler);
            using var response = await client.PostAsync(
                _organizationUrl + "/api/data/v9.0/leads",
                new StringContent(lead, Encoding.UTF8, "application/json"));
            if (response.IsSuccessStatusCode) imported++;
        }

        return imported;
    }
}
