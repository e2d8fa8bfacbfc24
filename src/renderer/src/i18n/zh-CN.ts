import type { Messages } from './en';

/** 简体中文界面文字:键与 en.ts 一一对应。 */
export const zhCN: Messages = {
  app: {
    title: 'Forkscope',
    live: '实时',
    offline: '离线',
    engine: '{{shell}} 进程号 {{pid}} · {{platform}} · v{{version}}',
    shellElectron: '桌面版',
    shellHost: '服务端',
    counts: '{{processes}} 个进程 · {{zombies}} 个僵尸进程 · {{orphans}} 个孤儿进程',
    loading: '正在读取进程表…',
  },
  table: {
    label: '进程',
    pid: '进程号',
    ppid: '父进程号',
    name: '名称',
    state: '状态',
    cpu: 'CPU %',
    memory: '内存',
    user: '用户',
    command: '命令',
    thisHost: '本服务',
    zombie: '僵尸',
    orphan: '孤儿',
  },
  state: {
    running: '运行中',
    sleeping: '睡眠',
    'disk-sleep': '磁盘睡眠',
    stopped: '已停止',
    zombie: '僵尸',
    idle: '空闲',
    dead: '已死亡',
    unknown: '未知',
  },
};
