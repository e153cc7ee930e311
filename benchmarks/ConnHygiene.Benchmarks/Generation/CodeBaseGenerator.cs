using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;

namespace ConnHygiene.Benchmarks.Generation;

/// <summary>
/// Generates a deterministic code base (same seed and size, same files): about 80% plain business code,
/// 12% HTTP client code and 8% socket code, each networking file either correct or planting one kind of mistake.
/// Without networking every file is business code and nothing mentions System.Net.
/// </summary>
public static class CodeBaseGenerator
{
    public const int DefaultFileCount = 3000;
    public const int DefaultSeed = 20261121;
    private const int FilesPerNamespace = 50;

    public static GeneratedCodeBase Generate(int fileCount = DefaultFileCount, int seed = DefaultSeed, bool networking = true)
    {
        if (fileCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fileCount), fileCount, "At least one file.");
        }

        var random = new Random(seed);
        var files = ImmutableArray.CreateBuilder<GeneratedFile>(fileCount + 2);
        var planted = new List<string>();
        var scopedServices = new List<string>();
        var lastOrders = (File: -1, Namespace: string.Empty);
        files.Add(new GeneratedFile("Common.cs", BusinessCode.Common, FileKind.Shared));

        for (var i = 0; i < fileCount; i++)
        {
            var ns = $"Gen.M{i / FilesPerNamespace}";
            var path = $"M{i / FilesPerNamespace}/File{i}.cs";
            var roll = random.Next(100);
            if (networking && roll < 12)
            {
                var (text, rules, scoped) = HttpCode.Create(random.Next(HttpCode.TemplateCount), i, ns);
                files.Add(new GeneratedFile(path, text, FileKind.Http));
                planted.AddRange(rules);
                if (scoped is not null)
                {
                    scopedServices.Add(scoped);
                }
            }
            else if (networking && roll < 20)
            {
                var (text, rules) = SocketCode.Create(random.Next(SocketCode.TemplateCount), i, ns);
                files.Add(new GeneratedFile(path, text, FileKind.Socket));
                planted.AddRange(rules);
            }
            else
            {
                var template = random.Next(BusinessCode.TemplateCount);
                var text = BusinessCode.Create(template, i, ns, lastOrders.File, lastOrders.Namespace);
                if (text.Contains($"record Order{i}(", StringComparison.Ordinal))
                {
                    lastOrders = (i, ns);
                }

                files.Add(new GeneratedFile(path, text, FileKind.Business));
            }
        }

        if (networking)
        {
            files.Add(new GeneratedFile("CompositionRoot.cs", CompositionRoot(scopedServices), FileKind.Shared));
        }

        return new GeneratedCodeBase(files.ToImmutable(), GeneratedCodeBase.Count(planted), networking);
    }

    /// <summary>Registers the factory-using services as scoped and adds IHttpClientFactory, as a real composition root would.</summary>
    private static string CompositionRoot(IEnumerable<string> scopedServices)
    {
        var builder = new StringBuilder();
        builder.AppendLine("using Microsoft.Extensions.DependencyInjection;");
        builder.AppendLine();
        builder.AppendLine("namespace Gen;");
        builder.AppendLine();
        builder.AppendLine("public static class CompositionRoot");
        builder.AppendLine("{");
        builder.AppendLine("    public static IServiceCollection AddGenerated(this IServiceCollection services)");
        builder.AppendLine("    {");
        builder.AppendLine("        services.AddHttpClient();");
        builder.AppendLine("        services.AddSingleton<Gen.Common.IClock, Gen.Common.SystemClock>();");
        foreach (var service in scopedServices.Distinct(StringComparer.Ordinal))
        {
            builder.Append("        services.AddScoped<").Append(service).AppendLine(">();");
        }

        builder.AppendLine("        return services;");
        builder.AppendLine("    }");
        builder.AppendLine("}");
        return builder.ToString();
    }
}
