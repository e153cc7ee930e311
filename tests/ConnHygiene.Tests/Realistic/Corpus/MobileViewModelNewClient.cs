// Imitates: a Xamarin/MAUI-style view model whose refresh command creates a new HttpClient every time it loads the
// list (per call; a mobile app also keeps the process for hours).
using System.Collections.ObjectModel;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;

namespace Mobile.App.ViewModels;

public sealed record NewsItem(string Title, string Url);

public sealed class NewsViewModel
{
    public ObservableCollection<NewsItem> Items { get; } = new();

    public bool IsBusy { get; private set; }

    public async Task RefreshAsync()
    {
        IsBusy = true;
        try
        {
            var client = new HttpClient(); // expect: CH0001
            var items = await client.GetFromJsonAsync<NewsItem[]>("https://news.example.com/api/top");
            Items.Clear();
            foreach (var item in items ?? System.Array.Empty<NewsItem>())
            {
                Items.Add(item);
            }
        }
        finally
        {
            IsBusy = false;
        }
    }
}
