// Imitates: a Razor Pages PageModel with a field initializer creating an HttpClient: a PageModel is created per
// request, so is the client.
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Intranet.Pages;

public class MenuModel : PageModel
{
    private readonly HttpClient _client = new HttpClient(); // expect: CH0001

    public string Menu { get; private set; } = string.Empty;

    public async Task OnGetAsync()
    {
        Menu = await _client.GetStringAsync("https://canteen.internal/api/menu/today");
    }
}
