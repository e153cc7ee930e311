using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary><see cref="ValueUse"/>: where does the value of the marked creation go?</summary>
public class ValueUseTests
{
    private static (ValueUse Use, JudgementFixture Fixture) UseOf(string members)
    {
        var fixture = JudgementFixture.Compile($$"""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            public class Wrapper
            {
                public Wrapper(HttpClient client) { }
            }
            public class Subject
            {
                private static HttpClient? s_client;
                private HttpClient? _client;
                public static HttpClient? Shared { get; set; }
                private static void Take(object value) { }
            {{members}}
            }
            """);
        return (ValueUse.Of(fixture.OperationAt<IObjectCreationOperation>(), fixture.Types), fixture);
    }

    [Fact]
    public void Declared_local_and_local_assigned_later_are_Local()
    {
        var (declared, _) = UseOf("void M() { var client = /*here*/new HttpClient(); }");
        Assert.Equal(ValueUseKind.Local, declared.Kind);
        Assert.Equal("client", declared.Local?.Name);

        var (assigned, _) = UseOf("void M() { HttpClient client; client = /*here*/new HttpClient(); }");
        Assert.Equal(ValueUseKind.Local, assigned.Kind);
        Assert.Equal("client", assigned.Local?.Name);
    }

    [Fact]
    public void Local_of_a_base_type_is_seen_through_the_conversion()
    {
        var (use, _) = UseOf("void M() { object client = /*here*/new HttpClient(); }");
        Assert.Equal(ValueUseKind.Local, use.Kind);
    }

    [Fact]
    public void Field_and_property_initializers_are_Initializer()
    {
        Assert.Equal(ValueUseKind.Initializer, UseOf("HttpClient _a = /*here*/new HttpClient();").Use.Kind);
        Assert.Equal(ValueUseKind.Initializer, UseOf("HttpClient A { get; } = /*here*/new HttpClient();").Use.Kind);
    }

    [Fact]
    public void Static_field_and_property_stores_are_StoredStatic_with_their_assignment()
    {
        var (field, _) = UseOf("void M() { s_client = /*here*/new HttpClient(); }");
        Assert.Equal(ValueUseKind.StoredStatic, field.Kind);
        Assert.NotNull(field.Store);
        var (coalesce, _) = UseOf("void M() { s_client ??= /*here*/new HttpClient(); }");
        Assert.Equal(ValueUseKind.StoredStatic, coalesce.Kind);
        Assert.IsAssignableFrom<ICoalesceAssignmentOperation>(coalesce.Store);
        Assert.Equal(ValueUseKind.StoredStatic, UseOf("void M() { Shared = /*here*/new HttpClient(); }").Use.Kind);
    }

    [Fact]
    public void Instance_field_store_is_StoredInstance()
    {
        var (use, _) = UseOf("void M() { _client = /*here*/new HttpClient(); }");
        Assert.Equal(ValueUseKind.StoredInstance, use.Kind);
        Assert.NotNull(use.Store);
    }

    [Fact]
    public void Returned_from_the_member_is_Returned_but_from_a_lambda_is_Other()
    {
        Assert.Equal(ValueUseKind.Returned, UseOf("HttpClient M() => /*here*/new HttpClient();").Use.Kind);
        Assert.Equal(ValueUseKind.Returned, UseOf("HttpClient M() { return /*here*/new HttpClient(); }").Use.Kind);
        Assert.Equal(ValueUseKind.Other, UseOf("void M() { Func<HttpClient> f = () => /*here*/new HttpClient(); }").Use.Kind);
    }

    [Fact]
    public void Receiver_of_a_call_or_property_is_UsedOnce()
    {
        Assert.Equal(ValueUseKind.UsedOnce, UseOf("""Task<string> M() => /*here*/new HttpClient().GetStringAsync("http://x");""").Use.Kind);
        Assert.Equal(ValueUseKind.UsedOnce, UseOf("TimeSpan M() => /*here*/new HttpClient().Timeout;").Use.Kind);
    }

    [Fact]
    public void AddSingleton_argument_is_SingletonRegistration_but_AddScoped_is_not()
    {
        Assert.Equal(ValueUseKind.SingletonRegistration, UseOf("void M(IServiceCollection s) => s.AddSingleton(/*here*/new HttpClient());").Use.Kind);
        Assert.Equal(ValueUseKind.Other, UseOf("void M(IServiceCollection s) => s.AddScoped(_ => /*here*/new HttpClient());").Use.Kind);
    }

    [Fact]
    public void Constructor_argument_is_Owned_by_that_creation_but_a_method_argument_is_Other()
    {
        var (owned, _) = UseOf("Wrapper M() => new Wrapper(/*here*/new HttpClient());");
        Assert.Equal(ValueUseKind.Owned, owned.Kind);
        Assert.Equal("Wrapper", owned.Owner?.Type?.Name);
        Assert.Equal(ValueUseKind.Other, UseOf("void M() => Take(/*here*/new HttpClient());").Use.Kind);
    }
}
