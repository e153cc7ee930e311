using System.Net.Http;
using System.Threading.Tasks;

namespace HttpClients;

public sealed class Catalog
{
    private static readonly HttpClient s_client = new HttpClient(); // expect CH0003 at new HttpClient

    public Task<string> GetItem(int id) => s_client.GetStringAsync("https://catalog.example/items/" + id);

    public Task<string> Search(string term) => s_client.GetStringAsync("https://catalog.example/search?q=" + term);
}
