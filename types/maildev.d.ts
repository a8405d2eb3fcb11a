declare module 'maildev' {
  interface MailDevOptions {
    smtp?: number;
    web?: number;
    ip?: string;
    mailDirectory?: string;
    disableWeb?: boolean;
    silent?: boolean;
    noLogo?: boolean;
  }
  class MailDev {
    constructor(options: MailDevOptions);
    listen(callback?: (error?: Error) => void): void;
    close(callback?: (error?: Error) => void): void;
    on(event: 'new', listener: (email: unknown) => void): void;
  }
  export = MailDev;
}
