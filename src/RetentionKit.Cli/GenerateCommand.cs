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
        var output = new Option<string?>("--out") { Description = "Output file of transactions (.csv or .csv.gz)" };
        var gzip = new Option<bool>("--gzip") { Description = "With --tables: write the transactions gzip-compressed (orders.csv.gz)" };
        var tables = new Option<string?>("--tables") { Description = "Folder to write every table into: orders.csv, subscriptions.csv, invoices.csv, surveys.csv, members.csv and truth.json (the ground truth)" };
        var rows = new Option<long?>("--rows") { Description = "About this many lines (customers are scaled to reach it)" };
        var customers = new Option<int?>("--customers") { Description = "Customers (default 5000; ignored with --rows)" };
        var seed = new Option<int>("--seed") { Description = "Seed", DefaultValueFactory = _ => 42 };
        var cycle = new Option<double>("--cycle-days") { Description = "Ground-truth purchase cycle in days", DefaultValueFactory = _ => 30 };
        var dropout = new Option<double>("--dropout") { Description = "Ground-truth probability of leaving after each order", DefaultValueFactory = _ => 0.1 };
        var cmd = new Command("generate", "Write seeded synthetic data with known ground truth: transactions (--out), or every table (--tables).")
            { output, tables, gzip, rows, customers, seed, cycle, dropout };
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
            if (r.GetValue(tables) is { } folder)
            {
                if (r.GetValue(output) is not null) throw new UsageException("--out and --tables: give one; --tables writes the transactions as orders.csv beside the other tables.");
                if (r.GetValue(rows) is not null) throw new UsageException("--rows is for large transaction files (--out); --tables keeps every table in memory: give --customers.");
                Directory.CreateDirectory(folder);
                var written = SyntheticTables.Write(SyntheticData.Generate(options), folder, r.GetValue(gzip));
                foreach (var (file, count) in written)
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {count,9:N0} rows to {Path.Combine(folder, file)}"));
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{options.Customers:N0} customers, seed {options.Seed}, in {sw.Elapsed.TotalSeconds:F1} s; the ground truth they were drawn from is in {Path.Combine(folder, "truth.json")}"));
                return 0;
            }
            if (r.GetValue(gzip)) throw new UsageException("--gzip goes with --tables; with --out, name the file .csv.gz.");
            if (r.GetValue(output) is null) throw new UsageException("--out FILE (transactions) or --tables FOLDER (every table) is required.");
            long lines = SyntheticData.WriteTransactions(options, r.GetValue(output)!);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {lines:N0} lines, {options.Customers:N0} customers (seed {options.Seed}, cycle {options.PurchaseCycleDays} days, dropout {options.DropoutProbability}) to {r.GetValue(output)} in {sw.Elapsed.TotalSeconds:F1} s"));
            return 0;
        }));
        return cmd;
    }
}
