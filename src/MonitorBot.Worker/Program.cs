using MonitorBot.Worker.Cli;

return await MonitorBotCli.RunAsync(args);
