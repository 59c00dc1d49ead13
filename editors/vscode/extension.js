// The pcrlang extension: starts `pcr lsp` (pcrlang's language server, over standard input and
// output) for .pcr files. Everything the editor shows (diagnostics, hover, definition, completion,
// rename, outline, formatting) comes from the server; this file only connects the two.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("pcrlang");
  const command = config.get("server.command", "pcr");
  const args = config.get("server.args", ["lsp"]);
  const serverOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "pcrlang" }, { scheme: "untitled", language: "pcrlang" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.pcr") },
  };
  client = new LanguageClient("pcrlang", "pcrlang", serverOptions, clientOptions);
  client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `pcrlang: could not start \`${command} ${args.join(" ")}\` (${error.message}). ` +
      "Install it with `pip install 'pcrlang[lsp]'` or set pcrlang.server.command.");
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
