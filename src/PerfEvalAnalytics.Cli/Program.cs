using System.Text;
using PerfEvalAnalytics.Cli;

Console.OutputEncoding = Encoding.UTF8;
return await PerfEvalCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
