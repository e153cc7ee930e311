namespace ConnHygiene.Benchmarks.Generation;

/// <summary>Plain business code with no networking: records, LINQ, string work, async methods, a class hierarchy.</summary>
internal static class BusinessCode
{
    public const int TemplateCount = 5;

    public const string Common = """
        using System;
        using System.Collections.Generic;

        namespace Gen.Common;

        public readonly record struct Money(decimal Amount, string Currency)
        {
            public static Money Zero(string currency) => new(0m, currency);

            public static Money operator +(Money left, Money right)
                => left.Currency == right.Currency
                    ? new Money(left.Amount + right.Amount, left.Currency)
                    : throw new InvalidOperationException($"Cannot add {right.Currency} to {left.Currency}.");

            public override string ToString() => Amount.ToString("N2", System.Globalization.CultureInfo.InvariantCulture) + " " + Currency;
        }

        public sealed class Result<T>
        {
            private Result(T? value, string? error)
            {
                Value = value;
                Error = error;
            }

            public T? Value { get; }

            public string? Error { get; }

            public bool IsSuccess => Error is null;

            public static Result<T> Success(T value) => new(value, null);

            public static Result<T> Failure(string error) => new(default, error);

            public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsSuccess && Value is { } value ? Result<TOut>.Success(map(value)) : Result<TOut>.Failure(Error ?? "no value");
        }

        public interface IClock
        {
            DateTimeOffset UtcNow { get; }
        }

        public sealed class SystemClock : IClock
        {
            public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
        }

        public static class Guard
        {
            public static string NotEmpty(string? value, string name)
                => string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"'{name}' must not be empty.", name) : value;

            public static IReadOnlyList<T> NotNullItems<T>(IReadOnlyList<T?> items) where T : class
            {
                var result = new List<T>(items.Count);
                foreach (var item in items)
                {
                    result.Add(item ?? throw new ArgumentException("Null item."));
                }

                return result;
            }
        }
        """;

    /// <summary>Template <paramref name="template"/> for file <paramref name="i"/>; <paramref name="ordersFile"/> is an earlier orders file or -1.</summary>
    public static string Create(int template, int i, string ns, int ordersFile, string ordersNamespace) => template switch
    {
        0 => Orders(i, ns),
        1 => Text(i, ns),
        2 => Inventory(i, ns),
        3 => Shapes(i, ns),
        _ => ordersFile < 0 ? Orders(i, ns) : Checks(i, ns, ordersFile, ordersNamespace),
    };

    private static string Orders(int i, string ns) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.Linq;
        using System.Text;
        using Gen.Common;

        namespace {{ns}};

        public sealed record Order{{i}}(int Id, string Customer, decimal Amount, DateTime Created, IReadOnlyList<string> Tags);

        public sealed record OrderSummary{{i}}(string Customer, int Count, decimal Total, decimal Average);

        public static class Order{{i}}Queries
        {
            public static IReadOnlyList<Order{{i}}> Large(IEnumerable<Order{{i}}> orders, decimal minimum)
                => orders.Where(o => o.Amount >= minimum).OrderByDescending(o => o.Amount).ThenBy(o => o.Id).ToList();

            public static IReadOnlyList<OrderSummary{{i}}> Summaries(IEnumerable<Order{{i}}> orders)
                => orders.GroupBy(o => o.Customer, StringComparer.OrdinalIgnoreCase)
                    .Select(g => new OrderSummary{{i}}(g.Key, g.Count(), g.Sum(o => o.Amount), g.Average(o => o.Amount)))
                    .OrderBy(s => s.Customer, StringComparer.Ordinal)
                    .ToList();

            public static Dictionary<string, int> TagCounts(IEnumerable<Order{{i}}> orders)
            {
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var tag in orders.SelectMany(o => o.Tags))
                {
                    counts[tag] = counts.TryGetValue(tag, out var n) ? n + 1 : 1;
                }

                return counts;
            }

            public static string Report(IEnumerable<Order{{i}}> orders)
            {
                var builder = new StringBuilder();
                foreach (var summary in Summaries(orders))
                {
                    builder.Append(summary.Customer).Append(": ").Append(summary.Count).Append(" orders, ")
                        .Append(summary.Total.ToString("N2", CultureInfo.InvariantCulture)).AppendLine();
                }

                return builder.ToString();
            }

            public static Money Total(IEnumerable<Order{{i}}> orders, string currency)
                => orders.Aggregate(Money.Zero(currency), (sum, o) => sum + new Money(o.Amount, currency));

            public static IEnumerable<Order{{i}}> Sample(int count, int seed)
            {
                var random = new Random(seed);
                for (var k = 0; k < count; k++)
                {
                    yield return new Order{{i}}(k, "customer" + random.Next(10), random.Next(1, 1000), new DateTime(2024, 1, 1).AddDays(k), new[] { "a" + (k % 3), "b" + (k % 5) });
                }
            }
        }
        """;

    private static string Text(int i, string ns) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text;

        namespace {{ns}};

        public static class Text{{i}}
        {
            private static readonly char[] s_separators = { ' ', '\t', '\n', ',', '.', ';' };

            public static string Slug(string title)
            {
                var builder = new StringBuilder(title.Length);
                var dash = false;
                foreach (var c in title.Trim().ToLowerInvariant())
                {
                    if (char.IsLetterOrDigit(c))
                    {
                        builder.Append(c);
                        dash = false;
                    }
                    else if (!dash && builder.Length > 0)
                    {
                        builder.Append('-');
                        dash = true;
                    }
                }

                return builder.ToString().TrimEnd('-');
            }

            public static IReadOnlyList<string> Words(string text)
                => text.Split(s_separators, StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).Distinct().OrderBy(w => w, StringComparer.Ordinal).ToList();

            public static string Mask(string value, int visible)
                => value.Length <= visible ? value : new string('*', value.Length - visible) + value[^visible..];

            public static (string Key, string Value)? ParsePair(string line)
            {
                var index = line.IndexOf('=');
                return index <= 0 ? null : (line[..index].Trim(), line[(index + 1)..].Trim());
            }

            public static Dictionary<string, string> ParseConfig(string text)
                => text.Split('\n')
                    .Select(ParsePair)
                    .Where(p => p is not null)
                    .Select(p => p.GetValueOrDefault())
                    .GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.OrdinalIgnoreCase);

            public static string Describe(object? value) => value switch
            {
                null => "null",
                int n when n < 0 => "negative",
                int n => $"int {n}",
                string { Length: 0 } => "empty",
                string s => $"text '{s}' ({s.Length} chars)",
                IEnumerable<int> numbers => $"{numbers.Count()} numbers, sum {numbers.Sum()}",
                _ => value.ToString() ?? "?",
            };

            public static string Join(IEnumerable<KeyValuePair<string, string>> pairs)
                => string.Join("&", pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        }
        """;

    private static string Inventory(int i, string ns) => $$"""
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Linq;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Common;

        namespace {{ns}};

        public sealed record Item{{i}}(int Id, string Name, int Quantity);

        public interface IStore{{i}}
        {
            Task<Item{{i}}?> FindAsync(int id, CancellationToken cancellationToken);

            Task SaveAsync(Item{{i}} item, CancellationToken cancellationToken);
        }

        public sealed class InMemoryStore{{i}} : IStore{{i}}
        {
            private readonly ConcurrentDictionary<int, Item{{i}}> _items = new();

            public Task<Item{{i}}?> FindAsync(int id, CancellationToken cancellationToken)
                => Task.FromResult(_items.TryGetValue(id, out var item) ? item : null);

            public Task SaveAsync(Item{{i}} item, CancellationToken cancellationToken)
            {
                _items[item.Id] = item;
                return Task.CompletedTask;
            }
        }

        public sealed class Inventory{{i}}Service
        {
            private readonly IStore{{i}} _store;
            private readonly SemaphoreSlim _gate = new(1, 1);

            public Inventory{{i}}Service(IStore{{i}} store) => _store = store;

            public async Task<Result<Item{{i}}>> AdjustAsync(int id, int delta, CancellationToken cancellationToken)
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var item = await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);
                    if (item is null)
                    {
                        return Result<Item{{i}}>.Failure($"Item {id} not found.");
                    }

                    var updated = item with { Quantity = Math.Max(0, item.Quantity + delta) };
                    await _store.SaveAsync(updated, cancellationToken).ConfigureAwait(false);
                    return Result<Item{{i}}>.Success(updated);
                }
                finally
                {
                    _gate.Release();
                }
            }

            public async Task<int> TotalAsync(IEnumerable<int> ids, CancellationToken cancellationToken)
            {
                var items = await Task.WhenAll(ids.Select(id => _store.FindAsync(id, cancellationToken))).ConfigureAwait(false);
                return items.Where(x => x is not null).Sum(x => x?.Quantity ?? 0);
            }

            public async IAsyncEnumerable<Item{{i}}> LowStockAsync(IEnumerable<int> ids, int threshold, [EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                foreach (var id in ids)
                {
                    var item = await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);
                    if (item is { Quantity: var quantity } && quantity < threshold)
                    {
                        yield return item;
                    }
                }
            }

            public async Task<TimeSpan> TimedAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
            {
                var started = DateTimeOffset.UtcNow;
                await work(cancellationToken).ConfigureAwait(false);
                return DateTimeOffset.UtcNow - started;
            }
        }
        """;

    private static string Shapes(int i, string ns) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;

        namespace {{ns}};

        public abstract class Shape{{i}}
        {
            protected Shape{{i}}(string name) => Name = name;

            public string Name { get; }

            public abstract double Area { get; }

            public abstract double Perimeter { get; }

            public override string ToString() => $"{Name}: area {Area:F2}, perimeter {Perimeter:F2}";
        }

        public sealed class Circle{{i}} : Shape{{i}}
        {
            public Circle{{i}}(double radius) : base("circle") => Radius = radius > 0 ? radius : throw new ArgumentOutOfRangeException(nameof(radius));

            public double Radius { get; }

            public override double Area => Math.PI * Radius * Radius;

            public override double Perimeter => 2 * Math.PI * Radius;
        }

        public sealed class Rectangle{{i}} : Shape{{i}}
        {
            public Rectangle{{i}}(double width, double height) : base("rectangle") => (Width, Height) = (width, height);

            public double Width { get; }

            public double Height { get; }

            public override double Area => Width * Height;

            public override double Perimeter => 2 * (Width + Height);
        }

        public sealed class ShapeAddedEventArgs{{i}} : EventArgs
        {
            public ShapeAddedEventArgs{{i}}(Shape{{i}} shape) => Shape = shape;

            public Shape{{i}} Shape { get; }
        }

        public sealed class ShapeRegistry{{i}}
        {
            private readonly List<Shape{{i}}> _shapes = new();

            public event EventHandler<ShapeAddedEventArgs{{i}}>? Added;

            public void Add(Shape{{i}} shape)
            {
                _shapes.Add(shape);
                Added?.Invoke(this, new ShapeAddedEventArgs{{i}}(shape));
            }

            public double TotalArea() => _shapes.Sum(s => s.Area);

            public IReadOnlyDictionary<string, double> AreaByKind()
                => _shapes.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.Sum(s => s.Area));

            public Shape{{i}}? Largest() => _shapes.OrderByDescending(s => s.Area).FirstOrDefault();

            public static ShapeRegistry{{i}} Sample()
            {
                var registry = new ShapeRegistry{{i}}();
                registry.Added += (_, e) => Console.WriteLine(e.Shape);
                registry.Add(new Circle{{i}}(1.5));
                registry.Add(new Rectangle{{i}}(2, 3));
                return registry;
            }
        }
        """;

    private static string Checks(int i, string ns, int ordersFile, string ordersNamespace) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Gen.Common;
        using {{ordersNamespace}};

        namespace {{ns}};

        public static class Checks{{i}}
        {
            public static Result<Order{{ordersFile}}> Validate(Order{{ordersFile}} order)
            {
                var errors = new List<string>();
                if (order.Amount <= 0)
                {
                    errors.Add("amount must be positive");
                }

                if (string.IsNullOrWhiteSpace(order.Customer))
                {
                    errors.Add("customer is required");
                }

                if (order.Created > new DateTime(2100, 1, 1))
                {
                    errors.Add("created is in the far future");
                }

                return errors.Count == 0 ? Result<Order{{ordersFile}}>.Success(order) : Result<Order{{ordersFile}}>.Failure(string.Join("; ", errors));
            }

            public static (int Valid, int Invalid, string Errors) ValidateAll(IEnumerable<Order{{ordersFile}}> orders)
            {
                var results = orders.Select(Validate).ToList();
                var errors = string.Join(Environment.NewLine, results.Where(r => !r.IsSuccess).Select(r => r.Error));
                return (results.Count(r => r.IsSuccess), results.Count(r => !r.IsSuccess), errors);
            }

            public static Money Valuable(IEnumerable<Order{{ordersFile}}> orders)
                => Order{{ordersFile}}Queries.Total(Order{{ordersFile}}Queries.Large(orders, 100m), "EUR");
        }
        """;
}
