using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace ConnHygiene.Benchmarks;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains(CheckCommand.Switch, StringComparer.Ordinal))
        {
            return CheckCommand.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
