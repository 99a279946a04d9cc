using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RetentionKit.Data;
using RetentionKit.Synthetic;

namespace RetentionKit.Cli;

/// <summary><c>retention generate</c>: writes seeded synthetic transactions as CSV (gzip for .gz).</summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string>("--out") { Description = "Output file (.csv or .csv.gz)", Required = true };
        var rows = new Option<long?>("--rows") { Description = "About this many lines (customers are scaled to reach it)" };
        var customers = new Option<int?>("--customers") { Description = "Customers (default 5000; ignored with --rows)" };
        var seed = new Option<int>("--seed") { Description = "Seed", DefaultValueFactory = _ => 42 };
        var cycle = new Option<double>("--cycle-days") { Description = "Ground-truth purchase cycle in days", DefaultValueFactory = _ => 30 };
        var dropout = new Option<double>("--dropout") { Description = "Ground-truth probability of leaving after each order", DefaultValueFactory = _ => 0.1 };
        var cmd = new Command("generate", "Write seeded synthetic transactions with known purchase cycle, churn and spend.")
            { output, rows, customers, seed, cycle, dropout };
        cmd.SetAction(r => Program.Guard(stderr, () =>
        {
            // Lines are written as they are generated, so the size is bounded by the disk, not memory.
            if (r.GetValue(rows) is long want && want is < 1 or > 2_000_000_000)
                throw new UsageException($"--rows: expected from 1 to 2,000,000,000 lines, got {want:N0}.");
            if (r.GetValue(customers) is int wantCustomers && wantCustomers is < 1 or > 200_000_000)
                throw new UsageException($"--customers: expected from 1 to 200,000,000, got {wantCustomers:N0}.");
            if (r.GetValue(cycle) is not (>= 1 and <= 3650)) throw new UsageException($"--cycle-days: expected 1 to 3650 days, got {r.GetValue(cycle).ToString(CultureInfo.InvariantCulture)}.");
            if (r.GetValue(dropout) is not (>= 0 and < 1)) throw new UsageException($"--dropout: expected a probability from 0 up to (not including) 1, got {r.GetValue(dropout).ToString(CultureInfo.InvariantCulture)}.");
            var options = new SyntheticOptions { Seed = r.GetValue(seed), PurchaseCycleDays = r.GetValue(cycle), DropoutProbability = r.GetValue(dropout) };
            if (r.GetValue(customers) is int c) options = options with { Customers = c };
            if (r.GetValue(rows) is long n) options = SyntheticData.ForRows(n, options);
            var sw = Stopwatch.StartNew();
            long lines = SyntheticData.WriteTransactions(options, r.GetValue(output)!);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {lines:N0} lines, {options.Customers:N0} customers (seed {options.Seed}, cycle {options.PurchaseCycleDays} days, dropout {options.DropoutProbability}) to {r.GetValue(output)} in {sw.Elapsed.TotalSeconds:F1} s"));
            return 0;
        }));
        return cmd;
    }
}
