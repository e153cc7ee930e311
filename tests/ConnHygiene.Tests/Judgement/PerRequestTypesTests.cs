using System.Linq;
using System.Threading;
using ConnHygiene.Analyzers;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary>
/// <see cref="LifetimeJudge.IsPerRequestType"/> and <see cref="LifetimeJudge.IsCreatedByContainer"/>: is the type
/// <c>Target</c> created per request, and does the container create it? Plus <see cref="UserInterface"/>: is it UI code?
/// </summary>
public class PerRequestTypesTests
{
    private static (JudgementFixture Fixture, INamedTypeSymbol Target) Compile(string source)
    {
        var fixture = JudgementFixture.Compile("""
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using Microsoft.Extensions.DependencyInjection;
            using System.Threading.Tasks;
            """ + source);
        var target = fixture.Compilation.GetSymbolsWithName("Target", SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
        return (fixture, target);
    }

    private static bool IsPerRequest(string source)
    {
        var (fixture, target) = Compile(source);
        return fixture.Judge.IsPerRequestType(target, ConnHygieneOptions.Default, CancellationToken.None);
    }

    private static bool IsCreatedByContainer(string source)
    {
        var (fixture, target) = Compile(source);
        return fixture.Judge.IsCreatedByContainer(target, ConnHygieneOptions.Default, CancellationToken.None);
    }

    [Theory]
    [InlineData("public class Target : Controller { }")]
    [InlineData("public class Base : ControllerBase { } public class Target : Base { }")]
    [InlineData("[ApiController] public class Target { }")]
    [InlineData("public class Target : PageModel { }")]
    [InlineData("public class Target : ViewComponent { }")]
    [InlineData("public class Target : IMiddleware { public Task InvokeAsync(HttpContext c, RequestDelegate next) => next(c); }")]
    [InlineData("public class Target { } public static class S { public static void R(IServiceCollection s) => s.AddTransient<Target>(); }")]
    [InlineData("public interface IT { } public class Target : IT { } public static class S { public static void R(IServiceCollection s) => s.AddScoped<IT, Target>(); }")]
    [InlineData("public class Target { } public static class S { public static void R(IServiceCollection s) => s.AddScoped(typeof(Target), typeof(Target)); }")]
    public void Framework_and_scoped_or_transient_types_are_per_request(string source)
    {
        Assert.True(IsPerRequest(source));
    }

    [Theory]
    [InlineData("public class Target { }")]
    [InlineData("public static class Target { }")]
    [InlineData("public class Target { } public static class S { public static void R(IServiceCollection s) => s.AddSingleton<Target>(); }")]
    [InlineData("public class Target { } public static class S { public static void R(IServiceCollection s) => s.AddHostedService<Worker>(); } public class Worker : Microsoft.Extensions.Hosting.BackgroundService { protected override Task ExecuteAsync(System.Threading.CancellationToken t) => Task.CompletedTask; }")]
    public void Ordinary_and_singleton_types_are_not_per_request(string source)
    {
        Assert.False(IsPerRequest(source));
    }

    [Fact]
    public void Singleton_registration_is_created_by_the_container_but_an_unregistered_type_is_not()
    {
        Assert.True(IsCreatedByContainer("public class Target { } public static class S { public static void R(IServiceCollection s) => s.AddSingleton<Target>(); }"));
        Assert.True(IsCreatedByContainer("public class Target : Controller { }"));
        Assert.False(IsCreatedByContainer("public class Target { }"));
    }

    [Theory]
    [InlineData("namespace System.Windows.Controls { public class Window { } } public class Target : System.Windows.Controls.Window { }", true)]
    [InlineData("namespace Microsoft.Maui.Controls { public class ContentPage { } } public class Target : Microsoft.Maui.Controls.ContentPage { }", true)]
    [InlineData("namespace Avalonia.Controls { public class Window { } } public class Target : Avalonia.Controls.Window { }", true)]
    [InlineData("namespace System.WindowsRuntime { public class Window { } } public class Target : System.WindowsRuntime.Window { }", false)]
    [InlineData("public class Target : Controller { }", false)]
    public void UI_framework_types_are_recognized_by_namespace(string source, bool isUi)
    {
        Assert.Equal(isUi, UserInterface.IsUiType(Compile(source).Target));
    }
}
