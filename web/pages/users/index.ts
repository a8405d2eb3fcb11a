import { deactivatePages } from './deactivate';
import { userListPages } from './list';
import { newUserPages } from './new';
import { tokenPages } from './tokens';
import { userPages } from './user';

/** The admin pages about people: /users/new before /users/:id, which would take "new" for an id. */
export const usersPages = [...userListPages, ...newUserPages, ...userPages, ...tokenPages, ...deactivatePages];
